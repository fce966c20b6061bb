using System;
using System.Collections.Generic;
using System.Linq;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Wire;

/// <summary>
/// The option edges that mutation testing (Stryker.NET over TcpHeader.cs and TcpOptionReader.cs)
/// showed no test pinned: Fast Open cookie bytes and lengths, the unknown options kept, SACK's
/// length rule, and what a failed decode reports as consumed.
/// </summary>
public class TcpHeaderOptionEdgeTests
{
    /// <summary>A 20-byte header (ports 40000 → 80, ACK) followed by <paramref name="options"/>, padded with NOPs to a word.</summary>
    private static byte[] Header(params byte[] options)
    {
        var o = new List<byte>(options);
        while (o.Count % 4 != 0) o.Add(1);
        var h = new byte[20 + o.Count];
        h[0] = 0x9C; h[1] = 0x40; h[2] = 0; h[3] = 80;
        h[12] = (byte)((h.Length / 4) << 4);
        h[13] = 0x10;
        h[14] = 0xFF; h[15] = 0xFF;
        o.CopyTo(h, 20);
        return h;
    }

    private static byte[] Cookie(int length) => Enumerable.Range(0, length).Select(i => (byte)(0xA0 + i)).ToArray();

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    public void FastOpenCookie_OfEveryAllowedLength_IsCopiedByteForByte(int length)
    {
        byte[] cookie = Cookie(length);
        Assert.True(TcpHeader.TryDecode(Header(new byte[] { 34, (byte)(2 + length) }.Concat(cookie).ToArray()), out TcpHeader h, out _));
        Assert.True(h.HasFastOpen);
        Assert.Equal(length, h.FastOpenCookieLength);
        var into = new byte[16];
        Assert.Equal(length, h.CopyFastOpenCookie(into));
        Assert.Equal(cookie, into.Take(length));
        Assert.Equal(0, h.CopyFastOpenCookie(new byte[length - 1])); // too short: nothing written
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    public void FastOpenCookie_OfAnotherLength_IsAnError(int length)
    {
        Assert.False(TcpHeader.TryDecode(Header(new byte[] { 34, (byte)(2 + length) }.Concat(Cookie(length)).ToArray()), out _, out int consumed, out WireError error));
        Assert.Equal(WireErrorCode.TcpOptionBadLength, error.Code);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void FastOpenRequest_HasNoCookieToCopy()
    {
        Assert.True(TcpHeader.TryDecode(Header(34, 2), out TcpHeader h, out _));
        Assert.True(h.HasFastOpen);
        Assert.Equal(0, h.CopyFastOpenCookie(new byte[16]));
    }

    [Fact]
    public void UnknownOptions_TheFirstFourAreKept_WithKindAndLength()
    {
        // Five unknown options (kinds 100-104, lengths 2-6); the count says five, four are kept.
        var options = new List<byte>();
        for (int k = 0; k < 5; k++)
        {
            options.Add((byte)(100 + k));
            options.Add((byte)(2 + k));
            options.AddRange(new byte[k]);
        }
        Assert.True(TcpHeader.TryDecode(Header(options.ToArray()), out TcpHeader h, out _));
        Assert.Equal(5, h.UnknownOptionCount);
        for (int k = 0; k < TcpHeader.MaxUnknownOptionsKept; k++) Assert.Equal(((byte)(100 + k), (byte)(2 + k)), h.GetUnknownOption(k));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.GetUnknownOption(TcpHeader.MaxUnknownOptionsKept));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.GetUnknownOption(-1));
    }

    [Fact]
    public void UnknownOptions_OnlyThoseSeenCanBeAskedFor()
    {
        Assert.True(TcpHeader.TryDecode(Header(100, 2), out TcpHeader h, out _));
        Assert.Equal((100, 2), h.GetUnknownOption(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.GetUnknownOption(1));
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(18, true)]
    [InlineData(11, false)]  // not 2 + 8n
    [InlineData(2, false)]   // no block
    public void Sack_LengthIsTwoPlusEightPerBlock(int length, bool valid)
    {
        byte[] option = new byte[length];
        option[0] = 5;
        option[1] = (byte)length;
        bool ok = TcpHeader.TryDecode(Header(option), out TcpHeader h, out int consumed, out WireError error);
        Assert.Equal(valid, ok);
        if (valid) Assert.Equal((length - 2) / 8, h.Sack.Count);
        else
        {
            Assert.Equal(WireErrorCode.TcpOptionBadLength, error.Code);
            Assert.Equal(0, consumed);
        }
    }
}
