using System;
using TcpModel.Wire;

namespace TcpModel.Analysis;

/// <summary>
/// Follows one TCP connection packet by packet the way Zeek's TCP analyzer does
/// (TCPSessionAdapter.cc, TCP_Endpoint.cc, base/protocols/conn/main.zeek) and gives its
/// <c>conn_state</c> (<see cref="ConnState"/>) and <c>history</c> (<see cref="History"/>).
/// </summary>
/// <remarks>
/// <para>Immutable value type; thread-safe. <see cref="With(in DecodedPacket, bool)"/> returns the
/// tracker after one more packet and allocates nothing; only <see cref="History"/> builds a string.</para>
/// <para>
/// History letters: S H A D F R C G I Q T W ^ (upper case = originator). A bad-checksum segment only
/// adds <c>C</c>/<c>c</c> (1st, 10th, 100th … time) and is otherwise dropped, unless checksums are ignored
/// (<c>zeek -C</c>). <c>T</c>, <c>W</c> and <c>G</c> are counted the same logarithmic way. The history keeps at
/// most <see cref="MaxHistoryLength"/> letters. Not modelled: Zeek's server-port guess on a connection
/// seen mid-stream (the roles are those given by the caller, flipped on a SYN/SYN+ACK reversal) and
/// sequence wraparound beyond 2^31 of relative space.
/// </para>
/// </remarks>
public readonly struct ZeekTracker
{
    /// <summary>The most history letters kept.</summary>
    public const int MaxHistoryLength = ZeekCore.MaxHistoryLength;

    private readonly ZeekCore _core;

    /// <summary>A tracker; <paramref name="ignoreChecksums"/> true behaves as <c>zeek -C</c>.</summary>
    public ZeekTracker(bool ignoreChecksums) => _core = new ZeekCore(ignoreChecksums);

    internal ZeekTracker(in ZeekCore core) => _core = core;

    /// <summary>Whether checksums are ignored (<c>zeek -C</c>); otherwise a bad-checksum segment counts as <c>C</c>/<c>c</c> only.</summary>
    public bool IgnoreChecksums => _core.IgnoreChecksums;

    /// <summary>Whether Zeek swapped originator and responder (history letter <c>^</c>).</summary>
    public bool Flipped => _core.Flipped;

    /// <summary>The tracker after a decoded TCP packet; <paramref name="fromClient"/> says whether it travels from the caller's client.</summary>
    [Pure]
    public ZeekTracker With(in DecodedPacket packet, bool fromClient)
    {
        ZeekCore c = _core;
        c.Add(packet, fromClient);
        return new ZeekTracker(c);
    }

    /// <summary>The tracker after one TCP segment, given its header fields.</summary>
    /// <param name="fromClient">Whether it travels from the caller's client (the originator unless Zeek flipped the roles).</param>
    /// <param name="flags">Control bits.</param>
    /// <param name="seq">Sequence number.</param>
    /// <param name="ack">Acknowledgment number (used when ACK is set).</param>
    /// <param name="payloadLength">Payload bytes.</param>
    /// <param name="window">The window field, unscaled.</param>
    /// <param name="checksum">What the decoder found of the checksum.</param>
    [Pure]
    public ZeekTracker With(bool fromClient, TcpFlags flags, SeqNum seq, SeqNum ack, int payloadLength, ushort window, ChecksumStatus checksum)
    {
        ZeekCore c = _core;
        c.Add(fromClient, flags, seq, ack, payloadLength, window, checksum);
        return new ZeekTracker(c);
    }

    /// <summary>Zeek's <c>conn_state</c> for what was fed so far (main.zeek, <c>conn_state</c>).</summary>
    public ZeekConnState ConnState => _core.ConnState;

    /// <summary>The history string, as conn.log's <c>history</c> field.</summary>
    public string History => _core.History;

    /// <summary>Copies the history letters into <paramref name="destination"/> (without allocating).</summary>
    /// <returns>The number of letters copied.</returns>
    public int CopyHistory(Span<char> destination) => _core.CopyHistory(destination);

    /// <summary>For example <c>SF ShADadFf</c>.</summary>
    public override string ToString() => ConnState + " " + History;
}
