using System;
using System.Buffers.Binary;
using System.IO;

namespace TcpModel.Tests.Wire;

/// <summary>Writes pcapng blocks in either byte order, for reader tests (draft-ietf-opsawg-pcapng §4).</summary>
internal sealed class PcapNgBuilder
{
    private readonly MemoryStream _out = new();
    private bool _bigEndian;

    public byte[] ToArray() => _out.ToArray();

    public PcapNgBuilder Section(bool bigEndian)
    {
        _bigEndian = bigEndian;
        byte[] body = new byte[16];
        U32(body, 0, 0x1A2B3C4D);
        U16(body, 4, 1);
        U16(body, 6, 0);
        U64(body, 8, ulong.MaxValue); // section length unknown
        return Block(0x0A0D0D0A, body);
    }

    public PcapNgBuilder Interface(ushort linkType, uint snapLength = 0, byte? tsResol = null, long? tsOffset = null)
    {
        using var body = new MemoryStream();
        byte[] head = new byte[8];
        U16(head, 0, linkType);
        U32(head, 4, snapLength);
        body.Write(head);
        if (tsResol is { } r) body.Write(Option(9, [r]));
        if (tsOffset is { } o)
        {
            byte[] v = new byte[8];
            U64(v, 0, (ulong)o);
            body.Write(Option(14, v));
        }
        if (tsResol is not null || tsOffset is not null) body.Write(new byte[4]); // opt_endofopt
        return Block(1, body.ToArray());
    }

    public PcapNgBuilder Enhanced(uint interfaceId, ulong timestamp, byte[] data, uint? originalLength = null)
    {
        byte[] body = new byte[20 + Pad(data.Length)];
        U32(body, 0, interfaceId);
        U32(body, 4, (uint)(timestamp >> 32));
        U32(body, 8, (uint)timestamp);
        U32(body, 12, (uint)data.Length);
        U32(body, 16, originalLength ?? (uint)data.Length);
        data.CopyTo(body, 20);
        return Block(6, body);
    }

    public PcapNgBuilder Simple(byte[] data)
    {
        byte[] body = new byte[4 + Pad(data.Length)];
        U32(body, 0, (uint)data.Length);
        data.CopyTo(body, 4);
        return Block(3, body);
    }

    public PcapNgBuilder Block(uint type, byte[] body)
    {
        byte[] b = new byte[12 + Pad(body.Length)];
        U32(b, 0, type);
        U32(b, 4, (uint)b.Length);
        body.CopyTo(b, 8);
        U32(b, b.Length - 4, (uint)b.Length);
        _out.Write(b);
        return this;
    }

    public PcapNgBuilder Raw(byte[] bytes)
    {
        _out.Write(bytes);
        return this;
    }

    private byte[] Option(ushort code, byte[] value)
    {
        byte[] o = new byte[4 + Pad(value.Length)];
        U16(o, 0, code);
        U16(o, 2, (ushort)value.Length);
        value.CopyTo(o, 4);
        return o;
    }

    private static int Pad(int n) => (n + 3) & ~3;

    private void U16(byte[] b, int at, ushort v)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), v);
        else BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
    }

    private void U32(byte[] b, int at, uint v)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v);
        else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
    }

    private void U64(byte[] b, int at, ulong v)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(at), v);
        else BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v);
    }
}
