using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TcpModel.Wire;

namespace TcpModel.Tests.Wire;

/// <summary>Option bytes (0 to 40) drawn mostly from the kinds and lengths that trip parsers: 0, 1, 2, small lengths, long lengths.</summary>
public sealed record OptionBytes(byte[] Bytes);

/// <summary>Arbitrary bytes of header size or so, for "never throws" properties.</summary>
public sealed record RandomBytes(byte[] Bytes);

/// <summary>The kernel's SYN in an Ethernet frame with up to 8 bytes overwritten at random positions.</summary>
public sealed record MutatedFrame(byte[] Bytes);

/// <summary>A segment the writer can always encode (options within 40 bytes).</summary>
public sealed record EncodableSegment(TcpSegment Segment, SackBlocks Sack, bool IPv6);

public static class WireArbitraries
{
    private static readonly Gen<byte> TrickyByte = Gen.Frequency(
        (3, Gen.Elements<byte>(0, 1, 2, 3, 4, 5, 8, 10, 34, 40, 255)),
        (1, ArbMap.Default.GeneratorFor<byte>()));

    public static Arbitrary<OptionBytes> OptionBytes() =>
        (from length in Gen.Choose(0, 40)
         from bytes in Gen.ArrayOf(TrickyByte, length)
         select new OptionBytes(bytes)).ToArbitrary();

    public static Arbitrary<RandomBytes> RandomBytes() =>
        (from length in Gen.Choose(0, 120)
         from bytes in Gen.ArrayOf(TrickyByte, length)
         select new RandomBytes(bytes)).ToArbitrary();

    public static Arbitrary<MutatedFrame> MutatedFrame()
    {
        byte[] frame = [.. new byte[12], 0x08, 0x00, .. WireTestData.SynIPv4];
        Gen<(int, byte)> edit = Gen.Zip(Gen.Choose(0, frame.Length - 1), TrickyByte);
        return (from edits in Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(edit, n))
                from cut in Gen.Choose(0, frame.Length)
                select new MutatedFrame(Apply(frame, edits, cut))).ToArbitrary();
    }

    private static byte[] Apply(byte[] frame, (int At, byte Value)[] edits, int length)
    {
        byte[] copy = (byte[])frame.Clone();
        foreach ((int at, byte value) in edits) copy[at] = value;
        return copy.AsSpan(0, length).ToArray();
    }

    public static Arbitrary<EncodableSegment> EncodableSegment()
    {
        Gen<uint> u32 = ArbMap.Default.GeneratorFor<uint>();
        Gen<ushort> u16 = ArbMap.Default.GeneratorFor<ushort>();
        Gen<TcpOptions> options =
            from mss in Gen.OneOf(Gen.Constant<ushort?>(null), u16.Select(v => (ushort?)v))
            from ws in Gen.OneOf(Gen.Constant<byte?>(null), Gen.Choose(0, 14).Select(v => (byte?)v))
            from sackOk in ArbMap.Default.GeneratorFor<bool>()
            from ts in Gen.OneOf(Gen.Constant<(uint, uint)?>(null), Gen.Zip(u32, u32).Select(t => ((uint, uint)?)t))
            select Build(mss, ws, sackOk, ts);
        return (from sp in u16
                from dp in u16
                from seq in u32
                from ack in u32
                from flags in ArbMap.Default.GeneratorFor<byte>()
                from window in u16
                from payload in Gen.Choose(0, 1400)
                from urgent in u16
                from opts in options
                from blockCount in Gen.Choose(0, MaxSackBlocks(opts))
                from edges in Gen.ArrayOf(u32, blockCount * 2)
                from v6 in ArbMap.Default.GeneratorFor<bool>()
                select new EncodableSegment(
                    new TcpSegment(sp, dp, seq, ack, (TcpFlags)flags, window, payload, opts, urgent),
                    SackBlocks.Create(Enumerable.Range(0, blockCount).Select(i => new SackBlock(edges[2 * i], edges[2 * i + 1])).ToArray()),
                    v6)).ToArbitrary();
    }

    private static TcpOptions Build(ushort? mss, byte? ws, bool sackOk, (uint, uint)? ts)
    {
        TcpOptions o = TcpOptions.None;
        if (mss is { } m) o = o.WithMss(m);
        if (ws is { } w) o = o.WithWindowScale(w);
        if (sackOk) o = o.WithSackPermitted();
        if (ts is { } t) o = o.WithTimestamps(t.Item1, t.Item2);
        return o;
    }

    /// <summary>How many SACK blocks still fit in the 40 option bytes after the other options.</summary>
    private static int MaxSackBlocks(TcpOptions o)
    {
        int used = TcpHeaderWriter.GetHeaderLength(new TcpSegment(0, 0, 0, 0, TcpFlags.None, options: o)) - 20;
        return Math.Clamp((40 - used - 4) / 8, 0, SackBlocks.MaxCount);
    }
}

[ScaledProperties(Arbitrary = new[] { typeof(WireArbitraries) }, MaxTest = 2000, Replay = "(20261124,1)")]
public class WireProperties
{
    [ScaledProperty]
    public bool OptionReader_AlwaysAdvances_Terminates_AndStaysInsideTheOptionBytes(OptionBytes input)
    {
        byte[] bytes = input.Bytes;
        var reader = new TcpOptionReader(bytes);
        int steps = 0;
        int lastEnd = 0;
        while (reader.TryReadNext(out TcpOption option))
        {
            steps++;
            if (option.Offset != lastEnd || option.Length < 1) return false; // contiguous, and moves forward
            if (option.Offset + option.Length > bytes.Length) return false;  // never past the data offset
            if (option.Data.Length != Math.Max(option.Length - 2, 0)) return false;
            lastEnd = option.Offset + option.Length;
            if (option.Kind == TcpOptionKind.EndOfOptionList) lastEnd = bytes.Length; // padding skipped
            if (steps > bytes.Length) return false; // more options than bytes: no progress somewhere
        }
        bool errorInside = !reader.Error.IsError || (reader.Error.Offset >= 0 && reader.Error.Offset < bytes.Length);
        return errorInside && reader.Position == bytes.Length;
    }

    [ScaledProperty]
    public bool HeaderDecode_OfRandomBytes_NeverThrows_AndReportsAnOffsetInsideTheBuffer(RandomBytes input)
    {
        bool ok = TcpHeader.TryDecode(input.Bytes, out TcpHeader header, out int consumed, out WireError error);
        return ok
            ? !error.IsError && consumed == header.HeaderLength && consumed <= input.Bytes.Length
                && header.Segment.PayloadLength == input.Bytes.Length - consumed
            : error.IsError && consumed == 0 && error.Offset >= 0 && error.Offset <= input.Bytes.Length;
    }

    [ScaledProperty]
    public bool HeaderDecode_WithRandomOptionBytes_NeverThrows(OptionBytes input)
    {
        byte[] header = WireTestData.HeaderWithOptions(input.Bytes.Concat(new byte[(4 - input.Bytes.Length % 4) % 4]).ToArray());
        bool ok = TcpHeader.TryDecode(header, out _, out _, out WireError error);
        return ok != error.IsError && error.Offset < header.Length;
    }

    [ScaledProperty]
    public bool FrameDecode_OfRandomBytes_NeverThrows_ForEveryLinkType(RandomBytes input)
    {
        foreach (LinkType link in Enum.GetValues<LinkType>())
        {
            DecodedPacket p = TcpPacketDecoder.Decode(link, input.Bytes, input.Bytes.Length);
            int outcomes = (p.IsTcp ? 1 : 0) + (p.SkipReason != PacketSkipReason.None ? 1 : 0) + (p.Error.IsError ? 1 : 0);
            if (outcomes != 1 || p.Error.Offset > input.Bytes.Length) return false;
        }
        return true;
    }

    [ScaledProperty]
    public bool FrameDecode_OfAMutatedOrCutRealFrame_NeverThrows_AndHasExactlyOneOutcome(MutatedFrame input)
    {
        int full = 14 + WireTestData.SynIPv4.Length;
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Ethernet, input.Bytes, full);
        int outcomes = (p.IsTcp ? 1 : 0) + (p.SkipReason != PacketSkipReason.None ? 1 : 0) + (p.Error.IsError ? 1 : 0);
        return outcomes == 1 && p.Error.Offset <= full && (!p.IsTcp || p.TcpOffset + 20 <= input.Bytes.Length);
    }

    [ScaledProperty]
    public bool WrittenPacket_CutBySnaplen_KeepsFixedFieldsAndTruePayloadLength(EncodableSegment input, byte cutSeed)
    {
        InlineIPAddress a = input.IPv6 ? InlineIPAddress.Parse("2001:db8::1") : InlineIPAddress.Parse("192.0.2.1");
        InlineIPAddress b = input.IPv6 ? InlineIPAddress.Parse("2001:db8::2") : InlineIPAddress.Parse("198.51.100.7");
        byte[] buffer = new byte[TcpPacketBuilder.GetPacketLength(a, input.Segment, input.Sack)];
        TcpPacketBuilder.TryWrite(a, b, input.Segment, buffer, out int written, input.Sack);
        int ipLength = input.IPv6 ? 40 : 20;
        int cut = ipLength + 20 + cutSeed % (written - ipLength - 20 + 1); // anywhere from the end of the fixed TCP header on
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Raw, buffer.AsSpan(0, cut), written);
        TcpSegment s = p.Segment, e = input.Segment;
        return p.IsTcp && s.SourcePort == e.SourcePort && s.DestinationPort == e.DestinationPort && s.Seq == e.Seq && s.Ack == e.Ack
            && s.Flags == e.Flags && s.Window == e.Window && s.UrgentPointer == e.UrgentPointer && s.PayloadLength == e.PayloadLength
            && p.Checksum == (cut == written ? ChecksumStatus.Good : ChecksumStatus.NotVerified);
    }

    [ScaledProperty]
    public bool WrittenPacket_DecodesToTheSameSegment_WithAGoodChecksum(EncodableSegment input)
    {
        InlineIPAddress a = input.IPv6 ? InlineIPAddress.Parse("2001:db8::1") : InlineIPAddress.Parse("192.0.2.1");
        InlineIPAddress b = input.IPv6 ? InlineIPAddress.Parse("2001:db8::2") : InlineIPAddress.Parse("198.51.100.7");
        byte[] buffer = new byte[TcpPacketBuilder.GetPacketLength(a, input.Segment, input.Sack)];
        if (!TcpPacketBuilder.TryWrite(a, b, input.Segment, buffer, out int written, input.Sack)) return false;
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Raw, buffer.AsSpan(0, written), written);
        return p.IsTcp && p.Segment == input.Segment && p.Sack == input.Sack
            && p.Checksum == ChecksumStatus.Good && p.Source == a && p.Destination == b;
    }
}
