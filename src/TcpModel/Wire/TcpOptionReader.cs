using System;

namespace TcpModel.Wire;

/// <summary>
/// Walks the option bytes of a TCP header (bytes 20 to data offset × 4) one option at a time,
/// never reading outside the span it was given and always advancing by at least one byte.
/// </summary>
/// <remarks>
/// RFC 9293 §3.2: an option is either a single kind byte (EOL = 0, NOP = 1) or kind, length
/// (counting kind and length), data. A length below 2 could not advance the parser and a length
/// running past the header cannot be honoured: both stop the walk with an error. EOL ends the
/// walk successfully (what follows is padding). The reader checks framing only; the meaning of
/// each kind is checked by <see cref="TcpHeader"/>.
/// <code>
///  +--------+--------+---------...
///  |  kind  | length | data (length - 2 bytes)
///  +--------+--------+---------...
/// </code>
/// </remarks>
public ref struct TcpOptionReader
{
    private readonly ReadOnlySpan<byte> _options;
    private int _position;

    /// <summary>Starts a walk over the option bytes (the header from byte 20 to the data offset).</summary>
    public TcpOptionReader(ReadOnlySpan<byte> options)
    {
        _options = options;
        _position = 0;
        Error = default;
    }

    /// <summary>Why the walk stopped early; offset relative to the start of the option bytes. <see cref="WireError.None"/> after a clean walk.</summary>
    public WireError Error { get; private set; }

    /// <summary>Offset of the next option to read.</summary>
    public readonly int Position => _position;

    /// <summary>Reads the next option. Returns false at the end (including after EOL) or on an error, which <see cref="Error"/> then holds.</summary>
    public bool TryReadNext(out TcpOption option)
    {
        option = default;
        if (_position >= _options.Length) return false;
        int start = _position;
        byte kind = _options[start];
        if (kind == (byte)TcpOptionKind.EndOfOptionList || kind == (byte)TcpOptionKind.NoOperation)
        {
            // After EOL the rest is padding: jump to the end so the walk stops.
            _position = kind == (byte)TcpOptionKind.EndOfOptionList ? _options.Length : start + 1;
            option = new TcpOption(kind, start, 1, ReadOnlySpan<byte>.Empty);
            return true;
        }
        if (start + 1 >= _options.Length)
        {
            return Fail(WireErrorCode.TcpOptionPastHeader, start);
        }
        int length = _options[start + 1];
        if (length < 2)
        {
            return Fail(WireErrorCode.TcpOptionLengthInvalid, start + 1);
        }
        if (length > _options.Length - start)
        {
            return Fail(WireErrorCode.TcpOptionPastHeader, start + 1);
        }
        _position = start + length;
        option = new TcpOption(kind, start, length, _options.Slice(start + 2, length - 2));
        return true;
    }

    private bool Fail(WireErrorCode code, int offset)
    {
        Error = new WireError(code, offset);
        _position = _options.Length;
        return false;
    }
}
