using System;
using TcpModel.Wire;
using Xunit;
using static TcpModel.Tests.Wire.WireTestData;

namespace TcpModel.Tests.Wire;

public class TcpHeaderTests
{
    private static ReadOnlySpan<byte> TcpOf(byte[] packet, int ipHeaderLength) => packet.AsSpan(ipHeaderLength);

    [Fact]
    public void Decode_KernelSyn_GivesEveryFieldAsTcpdumpShowsIt()
    {
        Assert.True(TcpHeader.TryDecode(TcpOf(SynIPv4, 20), out TcpHeader h, out int consumed, out WireError error));
        Assert.Equal(WireError.None, error);
        Assert.Equal(40, consumed);
        Assert.Equal(40, h.HeaderLength);
        TcpSegment s = h.Segment;
        Assert.Equal(47970, s.SourcePort);
        Assert.Equal(40001, s.DestinationPort);
        Assert.Equal(2668570522u, s.Seq.Value);
        Assert.Equal(0u, s.Ack.Value);
        Assert.Equal(TcpFlags.Syn, s.Flags);
        Assert.Equal(65495, s.Window);
        Assert.Equal(0, s.PayloadLength);
        Assert.Equal(0xfe30, h.Checksum);
        Assert.Equal(TcpOptions.None.WithMss(65495).WithSackPermitted().WithTimestamps(386624154, 0).WithWindowScale(10), s.Options);
        Assert.True(h.Sack.IsEmpty);
        Assert.False(h.HasFastOpen);
        Assert.Equal(0, h.UnknownOptionCount);
        Assert.False(h.OptionsTruncated);
    }

    [Fact]
    public void Checksum_KernelSynIPv4_ComputesWhatTsharkSaysItShouldBe()
    {
        ReadOnlySpan<byte> tcp = TcpOf(SynIPv4, 20);
        Assert.Equal(0xb00b, TcpChecksum.Compute(Loopback4, Loopback4, tcp));
        Assert.False(TcpChecksum.IsValid(Loopback4, Loopback4, tcp)); // offloaded: the field holds a partial sum
    }

    [Fact]
    public void Checksum_KernelSynIPv6_ComputesWhatTsharkSaysItShouldBe()
    {
        ReadOnlySpan<byte> tcp = TcpOf(SynIPv6, 40);
        Assert.Equal(0x48b3, TcpChecksum.Compute(Loopback6, Loopback6, tcp));
        Assert.False(TcpChecksum.IsValid(Loopback6, Loopback6, tcp));
    }

    [Fact]
    public void Checksum_AfterWrite_Verifies_AndAnyFlippedBitFailsIt()
    {
        byte[] tcp = TcpOf(SynIPv4, 20).ToArray();
        TcpChecksum.Write(tcp, Loopback4, Loopback4);
        Assert.Equal(0xb0, tcp[16]);
        Assert.Equal(0x0b, tcp[17]);
        Assert.True(TcpChecksum.IsValid(Loopback4, Loopback4, tcp));
        for (int i = 0; i < tcp.Length; i++)
        {
            tcp[i] ^= 0x10;
            Assert.False(TcpChecksum.IsValid(Loopback4, Loopback4, tcp), $"flipped bit in byte {i} went unnoticed");
            tcp[i] ^= 0x10;
        }
    }

    [Fact]
    public void Checksum_OddLengthSegment_PadsTheLastByteWithZero()
    {
        byte[] tcp = HeaderWithOptions([]);
        byte[] odd = [.. tcp, 0xAB];
        byte[] even = [.. tcp, 0xAB, 0x00];
        // The pseudo-header length differs by one, so compare against a manual one's-complement sum.
        ushort oddSum = TcpChecksum.Compute(Loopback4, Loopback4, odd);
        ushort evenSum = TcpChecksum.Compute(Loopback4, Loopback4, even);
        Assert.Equal((ushort)(evenSum + 1), oddSum); // one less in the length word → checksum one more
    }

    [Fact]
    public void Decode_TooShort_ReportsTruncatedAtEnd()
    {
        Assert.False(TcpHeader.TryDecode(new byte[19], out TcpHeader h, out int consumed, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.Truncated, 19), error);
        Assert.Equal(0, consumed);
        Assert.Equal(default(TcpSegment), h.Segment);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Decode_DataOffsetBelowFive_ReportsTooSmallAtByte12(int words)
    {
        Assert.False(TcpHeader.TryDecode(HeaderWithOptions([], words), out _, out _, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.TcpDataOffsetTooSmall, 12), error);
    }

    [Fact]
    public void Decode_DataOffsetPastEnd_ReportsPastEndAtByte12()
    {
        Assert.False(TcpHeader.TryDecode(HeaderWithOptions([1, 1, 1, 1], 15), out _, out _, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.TcpDataOffsetPastEnd, 12), error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Decode_OptionLengthZeroOrOne_ReportsInvalidLengthAtTheLengthByte(byte length)
    {
        Assert.False(TcpHeader.TryDecode(HeaderWithOptions([1, 99, length, 0]), out _, out _, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.TcpOptionLengthInvalid, 22), error);
    }

    [Fact]
    public void Decode_OptionRunningPastHeader_ReportsPastHeader()
    {
        // MSS claims 4 bytes but the header ends 2 bytes later; payload bytes follow and must not be read as option.
        byte[] h = [.. HeaderWithOptions([1, 1, 2, 4]), 0xFF, 0xFF];
        h[12] = 6 << 4;
        Assert.False(TcpHeader.TryDecode(h, out _, out _, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.TcpOptionPastHeader, 23), error);
    }

    [Fact]
    public void Decode_KindWithoutLengthByteAtEnd_ReportsPastHeader()
    {
        Assert.False(TcpHeader.TryDecode(HeaderWithOptions([1, 1, 1, 2]), out _, out _, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.TcpOptionPastHeader, 23), error);
    }

    [Theory]
    [InlineData(2, 3)]   // MSS must be 4
    [InlineData(3, 4)]   // window scale must be 3
    [InlineData(4, 3)]   // SACK-permitted must be 2
    [InlineData(8, 8)]   // timestamps must be 10
    [InlineData(5, 9)]   // SACK must be 2 + 8n
    [InlineData(34, 4)]  // Fast Open cookie must be 0 or 4..16 bytes
    public void Decode_KnownOptionWithWrongLength_ReportsBadLength(byte kind, byte length)
    {
        byte[] options = new byte[20];
        options[0] = kind;
        options[1] = length;
        Assert.False(TcpHeader.TryDecode(HeaderWithOptions(options), out _, out _, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.TcpOptionBadLength, 21), error);
    }

    [Fact]
    public void Decode_EndOfOptionList_IgnoresGarbagePaddingAfterIt()
    {
        Assert.True(TcpHeader.TryDecode(HeaderWithOptions([2, 4, 0x05, 0xB4, 0, 0xFF, 0x01, 0x00]), out TcpHeader h, out _, out WireError error), error.ToString());
        Assert.Equal(1460, h.Segment.Options.Mss);
        Assert.Equal(0, h.UnknownOptionCount);
    }

    [Fact]
    public void Decode_SackBlocksAndFastOpenCookieAndUnknownOptions_AreKept()
    {
        byte[] options =
        [
            1, 1, 5, 18, 0, 0, 0, 100, 0, 0, 0, 200, 0xFF, 0xFF, 0xFF, 0xF0, 0, 0, 0, 16, // SACK {100-200}{4294967280-16}
            34, 10, 0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3, 4,                                      // TFO cookie (8 bytes)
            30, 4, 0, 0,                                                                     // MPTCP (kind 30), unknown here
            253, 2,                                                                          // RFC 4727 experiment
        ];
        Assert.True(TcpHeader.TryDecode(HeaderWithOptions(options), out TcpHeader h, out _, out WireError error), error.ToString());
        Assert.Equal(2, h.Sack.Count);
        Assert.Equal(new SackBlock(100, 200), h.Sack[0]);
        Assert.Equal(new SackBlock(0xFFFFFFF0, 16), h.Sack[1]);
        Assert.True(h.HasFastOpen);
        Assert.Equal(8, h.FastOpenCookieLength);
        Span<byte> cookie = stackalloc byte[16];
        Assert.Equal(8, h.CopyFastOpenCookie(cookie));
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3, 4 }, cookie.Slice(0, 8).ToArray());
        Assert.Equal(2, h.UnknownOptionCount);
        Assert.Equal(((byte)30, (byte)4), h.GetUnknownOption(0));
        Assert.Equal(((byte)253, (byte)2), h.GetUnknownOption(1));
    }

    [Fact]
    public void Decode_FastOpenCookieRequest_HasFastOpenWithEmptyCookie()
    {
        Assert.True(TcpHeader.TryDecode(HeaderWithOptions([34, 2, 1, 1]), out TcpHeader h, out _, out _));
        Assert.True(h.HasFastOpen);
        Assert.Equal(0, h.FastOpenCookieLength);
        Assert.Equal(0, h.CopyFastOpenCookie(new byte[16]));
    }

    [Fact]
    public void Decode_ThrowingTwin_ThrowsFormatExceptionNamingTheError()
    {
        var ex = Assert.Throws<FormatException>(() => TcpHeader.Decode(HeaderWithOptions([], 4)));
        Assert.Contains("TcpDataOffsetTooSmall at 12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_LinuxSynOptions_ProduceTheKernelsBytes()
    {
        var syn = new TcpSegment(47970, 40001, 2668570522, 0, TcpFlags.Syn, 65495,
            options: TcpOptions.None.WithMss(65495).WithSackPermitted().WithTimestamps(386624154, 0).WithWindowScale(10));
        Span<byte> buffer = stackalloc byte[60];
        Assert.True(TcpHeaderWriter.TryWriteWithChecksum(syn, Loopback4, Loopback4, buffer, out int written));
        byte[] expected = TcpOf(SynIPv4, 20).ToArray();
        expected[16] = 0xb0; // the checksum a NIC would have finished (tshark's "should be")
        expected[17] = 0x0b;
        Assert.Equal(expected, buffer.Slice(0, written).ToArray());
    }

    [Fact]
    public void Writer_ChecksumWithZeroPayload_MatchesChecksumOverMaterialisedPayload()
    {
        var data = new TcpSegment(1, 2, 1000, 2000, TcpFlags.Ack | TcpFlags.Psh, 512, payloadLength: 1001);
        byte[] buffer = new byte[20 + 1001];
        Assert.True(TcpHeaderWriter.TryWriteWithChecksum(data, Loopback6, Loopback6, buffer, out int written));
        Assert.Equal(20, written);
        Assert.True(TcpChecksum.IsValid(Loopback6, Loopback6, buffer));
    }

    [Fact]
    public void Writer_OptionsOver40Bytes_Fails()
    {
        var seg = new TcpSegment(1, 2, 0, 0, TcpFlags.Ack, options: TcpOptions.None.WithMss(1).WithTimestamps(1, 2).WithWindowScale(3));
        SackBlocks sack = SackBlocks.Create([new(1, 2), new(3, 4), new(5, 6)]); // 20 + 4 + 12 + 4 + 28 = 68
        Assert.Equal(68, TcpHeaderWriter.GetHeaderLength(seg, sack));
        Assert.False(TcpHeaderWriter.TryWrite(seg, new byte[100], out int written, sack));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Writer_DestinationTooShort_FailsWithoutWriting()
    {
        var seg = new TcpSegment(1, 2, 0, 0, TcpFlags.Syn, options: TcpOptions.None.WithMss(1460));
        byte[] small = new byte[23];
        Assert.False(TcpHeaderWriter.TryWrite(seg, small, out int written));
        Assert.Equal(0, written);
        Assert.All(small, b => Assert.Equal(0, b));
    }
}
