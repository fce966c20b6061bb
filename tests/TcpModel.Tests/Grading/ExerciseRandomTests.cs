using TcpModel.Grading;
using Xunit;

namespace TcpModel.Tests.Grading;

/// <summary>The exercises' SplitMix64 generator: the published algorithm, so seeds mean the same everywhere.</summary>
public class ExerciseRandomTests
{
    [Fact]
    public void Seed0_GivesTheReferenceSplitMix64Outputs()
    {
        // The first outputs of SplitMix64 from state 0 (Vigna's splitmix64.c; checked with an independent Python implementation).
        var rng = new ExerciseRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.Next());
        Assert.Equal(0x06C45D188009454FUL, rng.Next());
    }

    [Fact]
    public void Below_StaysInRange_AndUsesEveryValue()
    {
        var rng = new ExerciseRandom(12345);
        var seen = new bool[7];
        for (int i = 0; i < 1000; i++)
        {
            int v = rng.Below(7);
            Assert.InRange(v, 0, 6);
            seen[v] = true;
        }
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void NegativeSeeds_AreDistinctFromPositiveOnes()
    {
        var a = new ExerciseRandom(-1);
        var b = new ExerciseRandom(1);
        Assert.NotEqual(a.Next(), b.Next());
    }
}
