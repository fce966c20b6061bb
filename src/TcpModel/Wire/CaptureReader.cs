using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace TcpModel.Wire;

/// <summary>
/// Reads frames from a classic pcap or a pcapng stream, one at a time, through one reusable
/// buffer: memory does not grow with the file, and no allocation happens per frame once the
/// buffer has grown to the largest record.
/// </summary>
/// <remarks>
/// <para>Format facts (tcpdump.org pcap-savefile(5); draft-ietf-opsawg-pcap; draft-ietf-opsawg-pcapng):</para>
/// <list type="bullet">
/// <item>pcap: a 24-byte file header whose magic 0xA1B2C3D4 (microseconds) or 0xA1B23C4D
/// (nanoseconds) also gives the byte order; then 16-byte record headers (seconds, fraction,
/// captured length, original length) each followed by the frame.</item>
/// <item>pcapng: blocks of type, total length, body, total length again. A Section Header Block
/// (0x0A0D0D0A) sets the byte order with its magic 0x1A2B3C4D and forgets earlier interfaces;
/// Interface Description Blocks (1) give each interface a link type and a timestamp resolution
/// (if_tsresol, default 10^-6 s) and offset (if_tsoffset); Enhanced (6), Simple (3) and obsolete
/// Packet (2) blocks carry frames; every other block is skipped.</item>
/// </list>
/// <para>Malformed input stops the reader with <see cref="Error"/> set (code and stream offset);
/// it never throws on data. Exceptions from the stream itself (I/O) pass through. Not thread-safe.</para>
/// </remarks>
public sealed class CaptureReader : IDisposable
{
    /// <summary>The largest record or block the reader accepts (larger ones are reported as malformed).</summary>
    public const int MaxRecordLength = 16 * 1024 * 1024;

    private const uint PcapMagicMicro = 0xA1B2C3D4;
    private const uint PcapMagicNano = 0xA1B23C4D;
    private const uint PcapNgSectionHeader = 0x0A0D0D0A;
    private const uint PcapNgByteOrderMagic = 0x1A2B3C4D;
    private const uint BlockInterfaceDescription = 1;
    private const uint BlockPacketObsolete = 2;
    private const uint BlockSimplePacket = 3;
    private const uint BlockEnhancedPacket = 6;
    private const ushort OptionEnd = 0;
    private const ushort OptionTsResol = 9;
    private const ushort OptionTsOffset = 14;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly List<Interface> _interfaces = new();
    private byte[] _buffer = new byte[64 * 1024];
    private long _position;
    private bool _bigEndian;
    private bool _started;
    private bool _stopped;
    private LinkType _pcapLinkType;
    private ulong _pcapUnitsPerSecond;

    private readonly struct Interface
    {
        public Interface(LinkType linkType, int snapLength, ulong unitsPerSecond, long offsetSeconds)
        {
            LinkType = linkType;
            SnapLength = snapLength;
            UnitsPerSecond = unitsPerSecond;
            OffsetSeconds = offsetSeconds;
        }

        public LinkType LinkType { get; }
        public int SnapLength { get; }
        public ulong UnitsPerSecond { get; }
        public long OffsetSeconds { get; }
    }

    /// <summary>Creates a reader over <paramref name="stream"/>; nothing is read until the first <see cref="TryReadNext"/>.</summary>
    /// <param name="stream">A readable stream positioned at the start of a capture.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public CaptureReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Opens a capture file for reading (the reader owns and disposes the stream).</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static CaptureReader Open(string path)
        => new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    /// <summary>The container format, known after the first read.</summary>
    public CaptureFormat Format { get; private set; }

    /// <summary>Why reading stopped early: code and byte offset in the stream. <see cref="WireError.None"/> at a clean end.</summary>
    public WireError Error { get; private set; }

    /// <summary>Frames returned so far (the last frame's number).</summary>
    public long FramesRead { get; private set; }

    /// <summary>
    /// Reads the next frame. Its <see cref="CaptureFrame.Data"/> stays valid until the next call.
    /// </summary>
    /// <returns>False at the end of the capture or on malformed input (then <see cref="Error"/> is set).</returns>
    public bool TryReadNext(out CaptureFrame frame)
    {
        frame = default;
        if (_stopped) return false;
        if (!_started && !Start()) return false;
        return Format == CaptureFormat.Pcap ? ReadPcapRecord(out frame) : ReadPcapNgPacket(out frame);
    }

    /// <summary>Reads the next frame and decodes it (<see cref="TcpPacketDecoder.Decode(in CaptureFrame)"/>): every frame is returned, TCP or not.</summary>
    /// <returns>False at the end of the capture or on malformed input (then <see cref="Error"/> is set).</returns>
    public bool TryReadNextPacket(out DecodedPacket packet)
    {
        if (TryReadNext(out CaptureFrame frame))
        {
            packet = TcpPacketDecoder.Decode(frame);
            return true;
        }
        packet = default;
        return false;
    }

    /// <summary>Disposes the stream unless the reader was told to leave it open.</summary>
    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private bool Start()
    {
        _started = true;
        Span<byte> magic = _buffer.AsSpan(0, 4);
        if (!Fill(magic, atBoundary: false)) return false;
        uint le = BinaryPrimitives.ReadUInt32LittleEndian(magic);
        uint be = BinaryPrimitives.ReadUInt32BigEndian(magic);
        if (le == PcapNgSectionHeader)
        {
            Format = CaptureFormat.PcapNg;
            return Fill(_buffer.AsSpan(4, 4), atBoundary: false) && ReadSectionHeader(0);
        }
        if (le is PcapMagicMicro or PcapMagicNano || be is PcapMagicMicro or PcapMagicNano)
        {
            Format = CaptureFormat.Pcap;
            _bigEndian = be is PcapMagicMicro or PcapMagicNano;
            _pcapUnitsPerSecond = (le == PcapMagicNano || be == PcapMagicNano) ? 1_000_000_000UL : 1_000_000UL;
            //  magic(4) version major(2) minor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
            Span<byte> rest = _buffer.AsSpan(4, 20);
            if (!Fill(rest, atBoundary: false)) return false;
            // The upper bits of the link-type word carry FCS information; the type is the low 16.
            _pcapLinkType = (LinkType)(ushort)U32(rest.Slice(16));
            return true;
        }
        return Stop(WireErrorCode.CaptureUnknownFormat, 0);
    }

    private bool ReadPcapRecord(out CaptureFrame frame)
    {
        frame = default;
        long recordStart = _position;
        //  ts seconds(4) ts fraction(4) captured length(4) original length(4)
        Span<byte> head = _buffer.AsSpan(0, 16);
        if (!Fill(head, atBoundary: true)) return false;
        uint seconds = U32(head);
        uint fraction = U32(head.Slice(4));
        uint capturedLength = U32(head.Slice(8));
        uint originalLength = U32(head.Slice(12));
        if (capturedLength > MaxRecordLength) return Stop(WireErrorCode.CaptureBlockLengthInvalid, recordStart + 8);
        if (!FillBuffer((int)capturedLength)) return false;
        Span<byte> data = _buffer.AsSpan(0, (int)capturedLength);
        long ns = (long)seconds * 1_000_000_000L + (long)ToNanoseconds(fraction, _pcapUnitsPerSecond);
        frame = new CaptureFrame(++FramesRead, ns, _pcapLinkType, 0, (int)Math.Min(originalLength, int.MaxValue), data);
        return true;
    }

    private bool ReadPcapNgPacket(out CaptureFrame frame)
    {
        frame = default;
        while (true)
        {
            long blockStart = _position;
            Span<byte> head = _buffer.AsSpan(0, 8);
            if (!Fill(head, atBoundary: true)) return false;
            uint type = U32(head);
            if (type == PcapNgSectionHeader)
            {
                if (!ReadSectionHeader(blockStart)) return false;
                continue;
            }
            uint totalLength = U32(head.Slice(4));
            if (totalLength < 12 || totalLength % 4 != 0 || totalLength > MaxRecordLength)
            {
                return Stop(WireErrorCode.CaptureBlockLengthInvalid, blockStart + 4);
            }
            int bodyLength = (int)totalLength - 12;
            if (!FillBuffer(bodyLength + 4)) return false;
            Span<byte> rest = _buffer.AsSpan(0, bodyLength + 4);
            if (U32(rest.Slice(bodyLength)) != totalLength) return Stop(WireErrorCode.CaptureBlockLengthInvalid, _position - 4);
            ReadOnlySpan<byte> body = rest.Slice(0, bodyLength);
            switch (type)
            {
                case BlockInterfaceDescription:
                    if (!AddInterface(body, blockStart + 8)) return false;
                    break;
                case BlockEnhancedPacket:
                    //  interface id(4) ts high(4) ts low(4) captured length(4) original length(4) data options
                    if (body.Length < 20) return Stop(WireErrorCode.CaptureBlockMalformed, blockStart + 8);
                    return PacketFromBlock((int)Math.Min(U32(body), int.MaxValue), ((ulong)U32(body.Slice(4)) << 32) | U32(body.Slice(8)),
                        U32(body.Slice(12)), U32(body.Slice(16)), body.Slice(20), blockStart + 8, hasTimestamp: true, out frame);
                case BlockPacketObsolete:
                    //  interface id(2) drops(2) ts high(4) ts low(4) captured length(4) original length(4) data options
                    if (body.Length < 20) return Stop(WireErrorCode.CaptureBlockMalformed, blockStart + 8);
                    return PacketFromBlock(U16(body), ((ulong)U32(body.Slice(4)) << 32) | U32(body.Slice(8)),
                        U32(body.Slice(12)), U32(body.Slice(16)), body.Slice(20), blockStart + 8, hasTimestamp: true, out frame);
                case BlockSimplePacket:
                {
                    //  original length(4) data: captured length is what fits, bounded by the interface snaplen
                    if (body.Length < 4) return Stop(WireErrorCode.CaptureBlockMalformed, blockStart + 8);
                    uint original = U32(body);
                    uint captured = (uint)Math.Min(original, (uint)(body.Length - 4));
                    if (_interfaces.Count > 0 && _interfaces[0].SnapLength > 0) captured = Math.Min(captured, (uint)_interfaces[0].SnapLength);
                    return PacketFromBlock(0, 0, captured, original, body.Slice(4), blockStart + 8, hasTimestamp: false, out frame);
                }
                default:
                    break; // Name Resolution, Interface Statistics, Decryption Secrets, custom, ...: not needed.
            }
        }
    }

    private bool PacketFromBlock(int interfaceId, ulong timestamp, uint capturedLength, uint originalLength, ReadOnlySpan<byte> rest,
        long bodyOffset, bool hasTimestamp, out CaptureFrame frame)
    {
        frame = default;
        if ((uint)interfaceId >= (uint)_interfaces.Count) return Stop(WireErrorCode.CaptureUnknownInterface, bodyOffset);
        if (capturedLength > (uint)rest.Length) return Stop(WireErrorCode.CaptureBlockMalformed, bodyOffset + 12);
        Interface iface = _interfaces[interfaceId];
        long ns = hasTimestamp
            ? (long)(timestamp / iface.UnitsPerSecond) * 1_000_000_000L + (long)ToNanoseconds(timestamp % iface.UnitsPerSecond, iface.UnitsPerSecond)
                + iface.OffsetSeconds * 1_000_000_000L
            : 0;
        frame = new CaptureFrame(++FramesRead, ns, iface.LinkType, interfaceId, (int)Math.Min(originalLength, int.MaxValue), rest.Slice(0, (int)capturedLength));
        return true;
    }

    //  Section Header Block:
    //  type 0x0A0D0D0A(4) total length(4) byte-order magic(4) major(2) minor(2) section length(8) options total length(4)
    // Called with type and total length already in _buffer[0..8]; the length can only be
    // interpreted once the byte-order magic that follows it has been read.
    private bool ReadSectionHeader(long blockStart)
    {
        Span<byte> head = _buffer.AsSpan(0, 8);
        Span<byte> bom = _buffer.AsSpan(8, 4);
        if (!Fill(bom, atBoundary: false)) return false;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bom) == PcapNgByteOrderMagic) _bigEndian = false;
        else if (BinaryPrimitives.ReadUInt32BigEndian(bom) == PcapNgByteOrderMagic) _bigEndian = true;
        else return Stop(WireErrorCode.CaptureUnknownFormat, blockStart + 8);
        uint totalLength = U32(head.Slice(4));
        if (totalLength < 28 || totalLength % 4 != 0 || totalLength > MaxRecordLength) return Stop(WireErrorCode.CaptureBlockLengthInvalid, blockStart + 4);
        int remaining = (int)totalLength - 12;
        if (!FillBuffer(remaining)) return false;
        Span<byte> rest = _buffer.AsSpan(0, remaining);
        if (U32(rest.Slice(remaining - 4)) != totalLength) return Stop(WireErrorCode.CaptureBlockLengthInvalid, _position - 4);
        _interfaces.Clear(); // interface ids are per section
        return true;
    }

    //  Interface Description Block body: link type(2) reserved(2) snaplen(4) options
    private bool AddInterface(ReadOnlySpan<byte> body, long bodyOffset)
    {
        if (body.Length < 8) return Stop(WireErrorCode.CaptureBlockMalformed, bodyOffset);
        ulong unitsPerSecond = 1_000_000;
        long offsetSeconds = 0;
        //  option code(2) length(2) value padded to 4
        int at = 8;
        while (at + 4 <= body.Length)
        {
            ushort code = U16(body.Slice(at));
            ushort length = U16(body.Slice(at + 2));
            if (code == OptionEnd) break;
            if (at + 4 + length > body.Length) return Stop(WireErrorCode.CaptureBlockMalformed, bodyOffset + at + 2);
            ReadOnlySpan<byte> value = body.Slice(at + 4, length);
            if (code == OptionTsResol && length == 1)
            {
                // Most significant bit clear: 10^-n seconds; set: 2^-n seconds.
                int n = value[0] & 0b0111_1111;
                bool binary = (value[0] & 0b1000_0000) != 0;
                if ((binary && n > 63) || (!binary && n > 19)) return Stop(WireErrorCode.CaptureBlockMalformed, bodyOffset + at + 4);
                unitsPerSecond = binary ? 1UL << n : Pow10(n);
            }
            else if (code == OptionTsOffset && length == 8)
            {
                offsetSeconds = (long)U64(value);
            }
            at += 4 + ((length + 3) & ~3);
        }
        _interfaces.Add(new Interface((LinkType)U16(body), (int)Math.Min(U32(body.Slice(4)), int.MaxValue), unitsPerSecond, offsetSeconds));
        return true;
    }

    private static ulong Pow10(int n)
    {
        ulong r = 1;
        for (int i = 0; i < n; i++) r *= 10;
        return r;
    }

    /// <summary>Fraction of a second in <paramref name="unitsPerSecond"/> units, in nanoseconds (exact, truncating).</summary>
    private static ulong ToNanoseconds(ulong units, ulong unitsPerSecond) => unitsPerSecond switch
    {
        1_000_000_000 => units,
        1_000_000 => units * 1000,
#if NET8_0_OR_GREATER
        _ => (ulong)((UInt128)units * 1_000_000_000UL / unitsPerSecond),
#else
        _ => Math.MultiplyDivide(units, 1_000_000_000UL, unitsPerSecond),
#endif
    };

    /// <summary>
    /// Reads the next <paramref name="length"/> bytes into the start of the buffer, growing it only as
    /// the bytes arrive: a record that claims 16 MB in a 100-byte input costs no 16 MB array.
    /// </summary>
    private bool FillBuffer(int length)
    {
        int filled = 0;
        while (true)
        {
            int end = Math.Min(length, _buffer.Length);
            if (!Fill(_buffer.AsSpan(filled, end - filled), atBoundary: false)) return false;
            if (end == length) return true;
            filled = end;
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes. A clean end before the first byte at a record boundary stops without error.</summary>
    private bool Fill(Span<byte> destination, bool atBoundary)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = _stream.Read(destination.Slice(total));
            if (n == 0)
            {
                _position += total;
                if (total == 0 && atBoundary)
                {
                    _stopped = true;
                    return false;
                }
                return Stop(WireErrorCode.CaptureTruncated, _position);
            }
            total += n;
        }
        _position += total;
        return true;
    }

    private bool Stop(WireErrorCode code, long offset)
    {
        Error = new WireError(code, offset);
        _stopped = true;
        return false;
    }

    private ushort U16(ReadOnlySpan<byte> s) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);

    private uint U32(ReadOnlySpan<byte> s) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

    private ulong U64(ReadOnlySpan<byte> s) => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
}
