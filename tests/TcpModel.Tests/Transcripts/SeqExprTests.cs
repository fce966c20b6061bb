using System.Collections.Generic;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Transcripts;

public class SeqExprTests
{
    [Theory]
    [InlineData("x", 'x', 0)]
    [InlineData("x+1", 'x', 1)]
    [InlineData("u + 1", 'u', 1)]
    [InlineData(" w-9 ", 'w', -9)]
    [InlineData("y+4294967295", 'y', 4294967295L)]
    public void TryParse_Symbolic_ReadsSymbolAndOffset(string text, char symbol, long offset)
    {
        Assert.True(SeqExpr.TryParse(text, out SeqExpr e));
        Assert.True(e.IsSymbolic);
        Assert.Equal(symbol, e.Symbol);
        Assert.Equal(offset, e.Offset);
    }

    [Theory]
    [InlineData("0", 0u)]
    [InlineData("4294967295", 4294967295u)]
    public void TryParse_Number_ReadsValue(string text, uint value)
    {
        Assert.True(SeqExpr.TryParse(text, out SeqExpr e));
        Assert.False(e.IsSymbolic);
        Assert.Equal(value, e.Value.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("X")]
    [InlineData("x+")]
    [InlineData("x*2")]
    [InlineData("4294967296")]
    [InlineData("x+4294967296")]
    [InlineData("12abc")]
    [InlineData("xy")]
    public void TryParse_BadText_ReturnsFalseWithoutThrowing(string text)
    {
        Assert.False(SeqExpr.TryParse(text, out SeqExpr e));
        Assert.Equal(default, e);
    }

    [Theory]
    [InlineData('x', 0, "x")]
    [InlineData('u', 1, "u+1")]
    [InlineData('x', -9, "x-9")]
    public void ToString_WritesTextbookForm(char symbol, long offset, string expected) =>
        Assert.Equal(expected, SeqExpr.Symbolic(symbol, offset).ToString());

    [Fact]
    public void TryBind_WrapsModulo2To32_AndReportsMissingSymbols()
    {
        var bindings = new Dictionary<char, SeqNum> { ['x'] = new SeqNum(0xFFFFFFFF) };
        Assert.True(SeqExpr.Symbolic('x', 1).TryBind(bindings, out SeqNum v));
        Assert.Equal(0u, v.Value);
        Assert.False(SeqExpr.Symbolic('y', 1).TryBind(bindings, out _));
        Assert.True(SeqExpr.Number(7).TryBind(bindings, out SeqNum n));
        Assert.Equal(7u, n.Value);
    }

    [Fact]
    public void Symbolic_RejectsNonLetters() =>
        Assert.Throws<System.ArgumentOutOfRangeException>(() => SeqExpr.Symbolic('X'));
}
