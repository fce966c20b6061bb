using System;
using Xunit;

namespace TcpModel.Tests.Sequence;

public class IsnGeneratorTests
{
    private static readonly byte[] Local = [127, 0, 0, 1], Remote = [10, 0, 0, 2];

    [Fact]
    public void SipHash24_MatchesTheReferenceVector()
    {
        // The SipHash paper's Appendix A: key 00..0f, message 00..0e → a129ca6149be45e5.
        byte[] msg = new byte[15];
        for (int i = 0; i < msg.Length; i++) msg[i] = (byte)i;
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash24(0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL, msg));
    }

    [Fact]
    public void Rfc9293_SameTupleAndTime_SameIsn_ClockAdvancesOnePer4Microseconds()
    {
        var g = new Rfc9293IsnGenerator(1, 2);
        SeqNum a = g.Generate(Local, 40000, Remote, 80, TimeSpan.Zero);
        Assert.Equal(a, g.Generate(Local, 40000, Remote, 80, TimeSpan.Zero));
        Assert.Equal(a + 250_000, g.Generate(Local, 40000, Remote, 80, TimeSpan.FromSeconds(1)));
        Assert.Equal(a + 1, g.Generate(Local, 40000, Remote, 80, TimeSpan.FromMicroseconds(4)));
    }

    [Fact]
    public void Rfc9293_OtherTupleOrKey_UnrelatedIsn()
    {
        var g = new Rfc9293IsnGenerator(1, 2);
        SeqNum a = g.Generate(Local, 40000, Remote, 80, TimeSpan.Zero);
        Assert.NotEqual(a, g.Generate(Local, 40001, Remote, 80, TimeSpan.Zero));
        Assert.NotEqual(a, g.Generate(Remote, 40000, Local, 80, TimeSpan.Zero));
        Assert.NotEqual(a, new Rfc9293IsnGenerator(1, 3).Generate(Local, 40000, Remote, 80, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => g.Generate(new byte[5], 1, Remote, 2, TimeSpan.Zero));
    }

    [Fact]
    public void Seeded_ReplaysFromItsSeed_AndSpreadsValues()
    {
        var g = new SeededIsnGenerator(42);
        g.Next(out SeqNum first).Next(out SeqNum second);
        new SeededIsnGenerator(42).Next(out SeqNum again);
        Assert.Equal(first, again);
        Assert.NotEqual(first, second);
        var seen = new System.Collections.Generic.HashSet<uint>();
        for (int i = 0; i < 1000; i++) { g = g.Next(out SeqNum isn); seen.Add(isn.Value); }
        Assert.True(seen.Count > 995);
    }

    [Fact]
    public void Generators_AllocateNothing()
    {
        var g = new Rfc9293IsnGenerator(7, 8);
        var s = new SeededIsnGenerator(9);
        uint acc = g.Generate(Local, 1, Remote, 2, TimeSpan.Zero).Value;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            acc += g.Generate(Local, (ushort)i, Remote, 80, TimeSpan.FromTicks(i)).Value;
            s = s.Next(out SeqNum isn);
            acc += isn.Value;
        }
        Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        GC.KeepAlive(acc);
    }
}
