using Xunit;

namespace TcpModel.Tests.Sequence;

/// <summary>RFC 9293 §3.4 modular arithmetic, across the wrap point.</summary>
public class SeqNumTests
{
    [Theory]
    [InlineData(0xFFFFFFFFu, 0u, true)]
    [InlineData(0xFFFFFFF0u, 0x10u, true)]
    [InlineData(0x10u, 0xFFFFFFF0u, false)]
    [InlineData(5u, 5u, false)]
    [InlineData(0u, 0x7FFFFFFFu, true)]
    public void LessThan_IsModular(uint a, uint b, bool less)
    {
        Assert.Equal(less, new SeqNum(a) < new SeqNum(b));
        Assert.Equal(less, new SeqNum(b) > new SeqNum(a));
    }

    [Fact]
    public void Plus_Wraps()
    {
        Assert.Equal(0u, (new SeqNum(0xFFFFFFFFu) + 1).Value);
        Assert.Equal(0xFFFFFFFFu, (new SeqNum(0) - 1).Value);
        Assert.Equal(2, new SeqNum(1) - new SeqNum(0xFFFFFFFFu));
    }

    [Fact]
    public void InWindow_HandlesWrapAndEmptyWindow()
    {
        Assert.True(new SeqNum(2).InWindow(0xFFFFFFFFu, 5));
        Assert.False(new SeqNum(4).InWindow(0xFFFFFFFFu, 5));
        Assert.False(new SeqNum(7).InWindow(7u, 0));
    }
}
