using System;
using System.Globalization;

namespace TcpModel;

/// <summary>
/// The answer of <see cref="TcpJudge.JudgeSend"/>: whether a conforming TCP in the sender's state could
/// have sent the segment, as what (<see cref="Kind"/>), and the sender afterwards; or the violation,
/// the rule it breaks and the values the rules expected.
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TcpSendVerdict
{
    internal TcpSendVerdict(TcpSegment segment, TcpSendKind kind, TcpViolation violation, TcpField field, TcpRule rule, TcpConnection connection, SeqNum expectedSeq, SeqNum expectedAck, TcpSegment? nearest = null)
    {
        Nearest = nearest;
        Segment = segment;
        Kind = kind;
        Violation = violation;
        Field = field;
        Rule = rule;
        Connection = connection;
        ExpectedSeq = expectedSeq;
        ExpectedAck = expectedAck;
    }

    /// <summary>
    /// For a violation, the nearest segment the sender could have sent (the one the expected values
    /// and <see cref="Field"/> come from); <c>null</c> when it could send nothing at all, and for a
    /// conforming segment.
    /// </summary>
    public TcpSegment? Nearest { get; }

    /// <summary>The segment judged.</summary>
    public TcpSegment Segment { get; }

    /// <summary>Whether a conforming TCP could have sent it.</summary>
    public bool IsConforming => Violation == TcpViolation.None;

    /// <summary>What the sender was doing (<see cref="TcpSendKind.None"/> when not conforming).</summary>
    public TcpSendKind Kind { get; }

    /// <summary>The violation, or <see cref="TcpViolation.None"/>.</summary>
    public TcpViolation Violation { get; }

    /// <summary>
    /// The field that is wrong: the first, in the order SYN, RST, FIN, ACK, seq, ack, len, in which the
    /// segment differs from the nearest segment the sender could have sent (<see cref="TcpField.None"/>
    /// when conforming, or when the sender could send nothing at all).
    /// </summary>
    public TcpField Field { get; }

    /// <summary>
    /// The rule of the nearest segment the sender could have sent — the one broken, for a violation —
    /// or of the driver event that sent it.
    /// </summary>
    public TcpRule Rule { get; }

    /// <summary>The sender after sending the segment (unchanged when not conforming).</summary>
    public TcpConnection Connection { get; }

    /// <summary>The sequence number of the nearest segment the sender could have sent (SND.NXT, the ISS for a SYN; the window's end for data beyond it).</summary>
    public SeqNum ExpectedSeq { get; }

    /// <summary>The acknowledgment number the rules expected (RCV.NXT).</summary>
    public SeqNum ExpectedAck { get; }

    /// <summary>
    /// A sentence for a grader: for a violation, what is wrong with which field and what the rule
    /// expects, followed by the rule's source; for a conforming segment, what it was.
    /// </summary>
    [Pure]
    public string Explain(TcpLanguage language)
    {
        var ci = CultureInfo.InvariantCulture;
        string seq = Segment.Seq.Value.ToString(ci), ack = Segment.Ack.Value.ToString(ci);
        string eseq = ExpectedSeq.Value.ToString(ci), eack = ExpectedAck.Value.ToString(ci);
        string fin = ExpectedAck.Plus(-1).Value.ToString(ci);
        bool zh = language == TcpLanguage.Chinese;
        string text = Violation switch
        {
            TcpViolation.None => zh ? $"符合规则：{KindName(Kind, zh)}。" : $"Conforming: {KindName(Kind, zh)}.",
            TcpViolation.NoConnection => zh ? "发送方此时没有可以发送该报文段的连接：没有连接的一端只会用 RST 回应到达的报文段。" : "The sender has no connection that could send this: an endpoint without a connection only answers arriving segments with RST.",
            TcpViolation.MissingAck => zh ? "ACK=0，但第一个 SYN 之后的每个报文段都必须 ACK=1（连接同步后总是携带确认号）。" : "ACK=0, but every segment after the first SYN carries ACK=1 (once a connection is synchronized the acknowledgment is always sent).",
            TcpViolation.UnexpectedSyn => zh ? "SYN 只在建立连接时发送；该端点已经同步，不能再发 SYN。" : "SYN is sent only to open a connection; this endpoint is past that point.",
            TcpViolation.IsnChanged => zh ? $"重传的 SYN 必须沿用原来的初始序号：seq 应为 {eseq}，而不是 {seq}。" : $"A retransmitted SYN keeps its initial sequence number: seq must be {eseq}, not {seq}.",
            TcpViolation.ImpossibleFlags => zh ? "SYN 不会与 FIN 或 RST 同时置 1。" : "SYN is never combined with FIN or RST.",
            TcpViolation.AckDoesNotCountSyn => zh ? $"ack={ack} 没有计入对方的 SYN：SYN 占用一个序号，确认号应为 {eack}（对方 ISN+1）。" : $"ack={ack} does not count the peer's SYN: a SYN occupies one sequence number, so the acknowledgment is {eack} (the peer's ISN + 1).",
            TcpViolation.AckDoesNotCountFin => zh ? $"ack={ack} 没有计入对方的 FIN（seq={fin}）：FIN 占用一个序号，确认号应为 {eack}。" : $"ack={ack} does not count the peer's FIN (seq={fin}): a FIN occupies one sequence number, so the acknowledgment is {eack}.",
            TcpViolation.AckOfUnsentData => zh ? $"ack={ack} 超过了已收到的最后序号 {eack}：它确认了对方从未发送的数据。" : $"ack={ack} is beyond everything received (RCV.NXT={eack}): it acknowledges data the peer never sent.",
            TcpViolation.StaleAck => zh ? $"ack={ack} 小于发送方已收到的 RCV.NXT={eack}：确认号应为 {eack}。" : $"ack={ack} is older than what the sender had received (RCV.NXT={eack}): the acknowledgment should be {eack}.",
            TcpViolation.SequenceMismatch => zh ? $"seq={seq} 不对：新数据或控制位应从 SND.NXT={eseq} 开始（重传则在 [SND.UNA, SND.NXT) 之内）。" : $"seq={seq} is wrong: new data or controls start at SND.NXT={eseq} (a retransmission lies within [SND.UNA, SND.NXT)).",
            TcpViolation.DataAfterFin => zh ? $"发送方已经发送了自己的 FIN，之后不能再发送新数据（seq={seq}，长度 {Segment.PayloadLength}）。" : $"The sender already sent its FIN; no new data may follow it (seq={seq}, {Segment.PayloadLength} bytes).",
            TcpViolation.DataBeforeEstablished => zh ? "连接建立之前不能发送数据（TCP Fast Open 的 SYN 携带数据除外），数据应排队到 ESTABLISHED 后再发。" : "Data cannot be sent before the connection is established (except on a TCP Fast Open SYN); it is queued until ESTABLISHED.",
            TcpViolation.DataBeyondWindow => zh ? $"数据超出了对方通告的窗口（最多到 {eseq}）。" : $"The data goes beyond the peer's advertised window (which ends at {eseq}).",
            TcpViolation.UnexpectedReset => zh ? $"此状态下 ABORT 不发送 RST，或 RST 的序号不是 SND.NXT={eseq}。" : $"ABORT sends no RST in this state, or the RST is not at SND.NXT={eseq}.",
            TcpViolation.UnexpectedFin => zh ? $"发送方此时没有 FIN 可发：它的 FIN 已经发送过，或者 FIN 不在 SND.NXT={eseq}。" : $"The sender has no FIN to send here: its FIN went out already, or a FIN is not at SND.NXT={eseq}.",
            TcpViolation.LengthMismatch => zh ? $"数据长度 {Segment.PayloadLength} 不是发送方此时能发送的长度。" : $"A payload of {Segment.PayloadLength} bytes is not one the sender could send here.",
            TcpViolation.FieldMismatch => zh ? $"{Field.ToFieldName()} 与发送方此时能发送的任何报文段都不符（最接近的是 seq={eseq}, ack={eack}）。" : $"{Field.ToFieldName()} differs from every segment the sender could send here (the nearest is seq={eseq}, ack={eack}).",
            _ => Violation.ToString(),
        };
        return text + (zh ? "（依据：" : " (") + TcpRules.Source(Rule) + (zh ? "）" : ")");
    }

    private static string KindName(TcpSendKind kind, bool zh) => kind switch
    {
        TcpSendKind.Syn => zh ? "连接请求 SYN" : "the SYN of an active OPEN",
        TcpSendKind.SynAck => zh ? "SYN,ACK 确认报文段" : "a SYN,ACK",
        TcpSendKind.Data => zh ? "新数据" : "new data",
        TcpSendKind.Fin => zh ? "连接释放报文段 FIN" : "a FIN",
        TcpSendKind.Ack => zh ? "确认报文段" : "an acknowledgment",
        TcpSendKind.Retransmission => zh ? "重传" : "a retransmission",
        TcpSendKind.KeepAlive => zh ? "保活探测" : "a keep-alive",
        TcpSendKind.ZeroWindowProbe => zh ? "零窗口探测" : "a zero-window probe",
        TcpSendKind.Reset => zh ? "复位 RST（ABORT）" : "a RST (ABORT)",
        _ => zh ? "未知" : "unexplained",
    };

    /// <summary>The English explanation.</summary>
    public override string ToString() => Explain(TcpLanguage.English);
}
