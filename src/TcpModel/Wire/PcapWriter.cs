using System;
using System.Buffers.Binary;
using System.IO;

namespace TcpModel.Wire;

/// <summary>
/// Writes a classic pcap file (little-endian, microsecond or nanosecond timestamps), so tests and
/// tools can craft captures from <see cref="TcpSegment"/> values.
/// </summary>
/// <remarks>
/// The file header is written by the constructor. <see cref="WriteSegment"/> builds LINKTYPE_RAW
/// IPv4/IPv6 frames with <see cref="TcpPacketBuilder"/>. One reusable buffer; no allocation per
/// frame. Not thread-safe.
/// </remarks>
public sealed class PcapWriter : IDisposable
{
    /// <summary>The snapshot length tcpdump uses by default.</summary>
    public const int DefaultSnapLength = 262_144;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly bool _nanosecond;
    private byte[] _buffer = new byte[16 + 2048];

    /// <summary>Starts a capture file on <paramref name="stream"/> by writing its 24-byte header.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="linkType">Link type of every frame (<see cref="LinkType.Raw"/> for <see cref="WriteSegment"/>).</param>
    /// <param name="nanosecondResolution">Use the nanosecond magic 0xA1B23C4D instead of microseconds.</param>
    /// <param name="snapLength">Frames are cut to this many bytes (their original length is kept).</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="snapLength"/> is not positive.</exception>
    public PcapWriter(Stream stream, LinkType linkType = LinkType.Raw, bool nanosecondResolution = false, int snapLength = DefaultSnapLength, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapLength);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _nanosecond = nanosecondResolution;
        LinkType = linkType;
        SnapLength = snapLength;
        //  magic(4) major 2(2) minor 4(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
        Span<byte> h = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(h, nanosecondResolution ? 0xA1B23C4Du : 0xA1B2C3D4u);
        BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(6), 4);
        BinaryPrimitives.WriteInt32LittleEndian(h.Slice(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(12), 0);
        BinaryPrimitives.WriteInt32LittleEndian(h.Slice(16), snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(20), (uint)linkType);
        _stream.Write(h);
    }

    /// <summary>Link type of every frame.</summary>
    public LinkType LinkType { get; }

    /// <summary>Snapshot length: frames longer than this are cut.</summary>
    public int SnapLength { get; }

    /// <summary>Frames written so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Writes one frame, cut to <see cref="SnapLength"/>.</summary>
    /// <param name="timestampNanoseconds">Capture time, nanoseconds since the Unix epoch (non-negative).</param>
    /// <param name="data">The frame's bytes.</param>
    /// <param name="originalLength">Length on the wire; raised to <c>data.Length</c> if smaller.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestampNanoseconds"/> is negative.</exception>
    public void WriteFrame(long timestampNanoseconds, ReadOnlySpan<byte> data, int originalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestampNanoseconds);
        int captured = Math.Min(data.Length, SnapLength);
        //  ts seconds(4) ts fraction(4) captured length(4) original length(4)
        Span<byte> head = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(head, (uint)(timestampNanoseconds / 1_000_000_000));
        long fraction = timestampNanoseconds % 1_000_000_000;
        BinaryPrimitives.WriteUInt32LittleEndian(head.Slice(4), (uint)(_nanosecond ? fraction : fraction / 1000));
        BinaryPrimitives.WriteInt32LittleEndian(head.Slice(8), captured);
        BinaryPrimitives.WriteInt32LittleEndian(head.Slice(12), Math.Max(originalLength, data.Length));
        _stream.Write(head);
        _stream.Write(data.Slice(0, captured));
        FramesWritten++;
    }

    /// <summary>
    /// Writes a raw IPv4 or IPv6 frame carrying <paramref name="segment"/> (payload as zero bytes,
    /// correct checksums), cut to <see cref="SnapLength"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The writer's link type is not a raw IP type.</exception>
    /// <exception cref="ArgumentException">The addresses differ in version, the options exceed 40 bytes, or the packet exceeds the IP length field.</exception>
    public void WriteSegment(long timestampNanoseconds, InlineIPAddress source, InlineIPAddress destination, in TcpSegment segment, in SackBlocks sack = default)
    {
        if (LinkType is not (LinkType.Raw or LinkType.IPv4 or LinkType.IPv6))
            throw new InvalidOperationException("WriteSegment writes raw IP frames; create the writer with LinkType.Raw.");
        int length = TcpPacketBuilder.GetPacketLength(source, segment, sack);
        if (_buffer.Length < length) _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        if (!TcpPacketBuilder.TryWrite(source, destination, segment, _buffer, out int written, sack))
            throw new ArgumentException("The segment does not fit in one IP packet, or its options exceed 40 bytes.", nameof(segment));
        WriteFrame(timestampNanoseconds, _buffer.AsSpan(0, written), written);
    }

    /// <summary>Flushes, and disposes the stream unless told to leave it open.</summary>
    public void Dispose()
    {
        _stream.Flush();
        if (!_leaveOpen) _stream.Dispose();
    }
}
