using System;
using FsCheck.Xunit;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Wire;

/// <summary>The checked view reads what the full decoder reads, and refuses what it refuses.</summary>
[ScaledProperties(Arbitrary = new[] { typeof(WireArbitraries) }, MaxTest = 2000, Replay = "(20261201,1)")]
public class TcpHeaderViewProperties
{
    [ScaledProperty]
    public bool View_ReadsTheSameFieldsAsTheDecoder(EncodableSegment input)
    {
        byte[] buffer = new byte[60 + input.Segment.PayloadLength];
        Assert.True(TcpHeaderWriter.TryWrite(input.Segment, buffer, out int written, input.Sack));
        ReadOnlySpan<byte> bytes = buffer.AsSpan(0, written + input.Segment.PayloadLength);
        Assert.True(TcpHeaderView.TryCreate(bytes, out TcpHeaderView view, out _));
        Assert.True(TcpHeader.TryDecode(bytes, out TcpHeader h, out _));
        TcpSegment s = h.Segment;
        int options = 0;
        var reader = new TcpOptionReader(bytes.Slice(20, h.HeaderLength - 20));
        while (reader.TryReadNext(out TcpOption o)) if (o.Kind != TcpOptionKind.EndOfOptionList) options++;
        return view.SourcePort == s.SourcePort && view.DestinationPort == s.DestinationPort && view.Seq == s.Seq && view.Ack == s.Ack
            && view.Flags == s.Flags && view.Window == s.Window && view.UrgentPointer == s.UrgentPointer && view.Checksum == h.Checksum
            && view.HeaderLength == h.HeaderLength && view.PayloadLength == s.PayloadLength && view.ReservedBits == h.ReservedBits
            && view.OptionCount == options && view.TryToHeader(out TcpHeader again, out _) && again.Segment == s;
    }

    [ScaledProperty]
    public bool View_RefusesExactlyWhatTheDecoderRefusesInTheFixedHeader(RandomBytes input)
    {
        byte[] bytes = input.Bytes;
        bool viewOk = TcpHeaderView.TryCreate(bytes, out TcpHeaderView view, out WireError viewError);
        bool decodeOk = TcpHeader.TryDecode(bytes, out _, out _, out WireError decodeError);
        if (!viewOk) return !decodeOk && viewError == decodeError; // the decoder reports the view's error first
        // The view checks the fixed header only: the decoder may still refuse a malformed option.
        return decodeOk || decodeError.Offset >= 20 || decodeError.Code is WireErrorCode.TcpOptionBadLength or WireErrorCode.TcpOptionPastHeader;
    }

    [Fact]
    public void View_NsBit_AndNoAllocation()
    {
        byte[] syn = (byte[])WireTestData.SynIPv4.Clone();
        int tcp = (syn[0] & 0x0F) * 4;
        syn[tcp + 12] |= 0x01; // NS (RFC 3540)
        Assert.True(TcpHeaderView.TryCreate(syn.AsSpan(tcp), out TcpHeaderView view, out _));
        Assert.True(view.Ns);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            TcpHeaderView.TryCreate(syn.AsSpan(tcp), out TcpHeaderView v, out _);
            sum += v.SourcePort + v.OptionCount;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }
}
