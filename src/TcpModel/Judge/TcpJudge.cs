using System;

namespace TcpModel;

/// <summary>
/// The judge view of the model, for graders and capture checkers. The receive side is
/// <see cref="TcpConnection.OnSegment"/> itself; the send side, <see cref="JudgeSend"/>, asks
/// "could a conforming TCP in this state have sent this segment?" and answers by running the
/// driver's own send events on the sender — OPEN, SEND, CLOSE, ABORT, the retransmission and probe
/// timer, <see cref="TcpConnection.RetransmitRange"/>, <see cref="TcpConnection.AckNow"/>,
/// <see cref="TcpConnection.KeepAlive"/> — and comparing what they emit: the send rules are not
/// written twice.
/// </summary>
public static class TcpJudge
{
    /// <summary>
    /// Judges a segment <paramref name="sender"/> sent at <paramref name="now"/> on its own initiative or
    /// as the acknowledgment any arrival makes due: an OPEN's SYN, a SYN,ACK, data, FIN, a pure ACK or
    /// window update, a retransmission, a keep-alive, a zero-window probe, an ABORT's RST. Replies that
    /// depend on the arriving segment itself (a RST answering a stray segment) come from
    /// <see cref="TcpConnection.OnSegment"/> and are not judged here. The window field and options
    /// are not judged, and PSH, URG, ECE and CWR are ignored.
    /// </summary>
    /// <param name="sender">The sender's connection before sending.</param>
    /// <param name="segment">The segment seen.</param>
    /// <param name="now">When it was sent (arms the sender's timers).</param>
    /// <param name="allowOlderAck">
    /// Accept an acknowledgment below RCV.NXT, as a capture must (a receiver's buffered out-of-order
    /// data, or loss between the capture point and the receiver, make it look stale). Transcripts of
    /// an ideal exchange are judged with false.
    /// </param>
    public static TcpSendVerdict JudgeSend(in TcpConnection sender, in TcpSegment segment, TimeSpan now, bool allowOlderAck = false) =>
        Machine.JudgeSend(sender._tcb, segment, now, allowOlderAck);

    /// <summary>
    /// Whether a conforming TCP in <paramref name="sender"/>'s state could have sent
    /// <paramref name="segment"/>, without working out what is wrong when it could not (cheaper than
    /// <see cref="JudgeSend"/> for a caller that tries several states, as a capture checker does).
    /// </summary>
    /// <param name="sender">The sender's connection before sending.</param>
    /// <param name="segment">The segment seen.</param>
    /// <param name="now">When it was sent.</param>
    /// <param name="verdict">The conforming verdict (default when false).</param>
    /// <param name="allowOlderAck">As for <see cref="JudgeSend"/>.</param>
    public static bool TryJudgeConforming(in TcpConnection sender, in TcpSegment segment, TimeSpan now, out TcpSendVerdict verdict, bool allowOlderAck = false) =>
        Machine.TryConforming(sender._tcb, segment, now, allowOlderAck, out verdict);

    /// <summary>Whether two segments are the same as far as the rules are concerned: flags (but PSH, URG, ECE, CWR), SEQ, ACK when set, and length.</summary>
    public static bool SameControl(in TcpSegment a, in TcpSegment b)
    {
        const TcpFlags Mask = TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Fin | TcpFlags.Rst;
        return (a.Flags & Mask) == (b.Flags & Mask) && a.Seq == b.Seq && (!a.IsAck || a.Ack == b.Ack) && a.PayloadLength == b.PayloadLength;
    }
}
