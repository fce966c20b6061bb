namespace TcpModel;

/// <summary>
/// The rule that decided a transition, named after the RFC clause it implements. Every value
/// (except <see cref="None"/>) carries its source as a <c>[RuleSource]</c> attribute, written once
/// here, and has an English and Chinese explanation in <see cref="TcpRules"/>.
/// </summary>
public enum TcpRule : ushort
{
    /// <summary>No rule applied (nothing happened).</summary>
    None = 0,

    // ---- OPEN call, RFC 9293 §3.10.1 ----
    /// <summary>CLOSED: active OPEN sends SYN and enters SYN-SENT.</summary>
    [RuleSource("RFC 9293 §3.10.1")]
    OpenActive,
    /// <summary>CLOSED: passive OPEN enters LISTEN.</summary>
    [RuleSource("RFC 9293 §3.10.1")]
    OpenPassive,
    /// <summary>LISTEN: an active OPEN turns the listener into an active open: send SYN, enter SYN-SENT.</summary>
    [RuleSource("RFC 9293 §3.10.1")]
    OpenListenToActive,
    /// <summary>Every other state: "error: connection already exists".</summary>
    [RuleSource("RFC 9293 §3.10.1")]
    OpenAlreadyExists,

    // ---- SEND call, RFC 9293 §3.10.2 ----
    /// <summary>CLOSED: "error: connection does not exist".</summary>
    [RuleSource("RFC 9293 §3.10.2")]
    SendNoConnection,
    /// <summary>LISTEN: no foreign socket to send to: "error: foreign socket unspecified".</summary>
    [RuleSource("RFC 9293 §3.10.2")]
    SendListenUnspecified,
    /// <summary>SYN-SENT, SYN-RECEIVED: queue the data for transmission after entering ESTABLISHED.</summary>
    [RuleSource("RFC 9293 §3.10.2")]
    SendQueued,
    /// <summary>ESTABLISHED, CLOSE-WAIT: segmentize the buffer and send it with a piggybacked ACK.</summary>
    [RuleSource("RFC 9293 §3.10.2")]
    SendData,
    /// <summary>FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK, TIME-WAIT: "error: connection closing".</summary>
    [RuleSource("RFC 9293 §3.10.2")]
    SendClosing,

    // ---- RECEIVE call, RFC 9293 §3.10.3 ----
    /// <summary>CLOSED: "error: connection does not exist".</summary>
    [RuleSource("RFC 9293 §3.10.3")]
    ReceiveNoConnection,
    /// <summary>LISTEN, SYN-SENT, SYN-RECEIVED: queue the request until ESTABLISHED.</summary>
    [RuleSource("RFC 9293 §3.10.3")]
    ReceiveQueued,
    /// <summary>ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT (and CLOSING, LAST-ACK, TIME-WAIT while text is on hand): hand over queued data; the receive window reopens.</summary>
    [RuleSource("RFC 9293 §3.10.3")]
    ReceiveData,
    /// <summary>CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT with nothing left: "error: connection closing".</summary>
    [RuleSource("RFC 9293 §3.10.3")]
    ReceiveClosing,

    // ---- CLOSE call, RFC 9293 §3.10.4 ----
    /// <summary>CLOSED: "error: connection does not exist".</summary>
    [RuleSource("RFC 9293 §3.10.4")]
    CloseNoConnection,
    /// <summary>LISTEN: delete the TCB, enter CLOSED.</summary>
    [RuleSource("RFC 9293 §3.10.4")]
    CloseListen,
    /// <summary>SYN-SENT: delete the TCB; queued SENDs and RECEIVEs get "error: closing".</summary>
    [RuleSource("RFC 9293 §3.10.4")]
    CloseSynSent,
    /// <summary>SYN-RECEIVED, ESTABLISHED: once queued data is segmentized, send FIN and enter FIN-WAIT-1.</summary>
    [RuleSource("RFC 9293 §3.10.4")]
    CloseSendFin,
    /// <summary>SYN-RECEIVED with data queued, ESTABLISHED with data not yet sent: queue the CLOSE until the data is segmentized.</summary>
    [RuleSource("RFC 9293 §3.10.4")]
    CloseQueued,
    /// <summary>CLOSE-WAIT: send FIN and enter LAST-ACK (RFC 9293 corrects RFC 793's "CLOSING" here).</summary>
    [RuleSource("RFC 9293 §3.10.4")]
    CloseFromCloseWait,
    /// <summary>FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK, TIME-WAIT: "error: connection closing".</summary>
    [RuleSource("RFC 9293 §3.10.4")]
    CloseAlreadyClosing,

    // ---- ABORT call, RFC 9293 §3.10.5 ----
    /// <summary>CLOSED: "error: connection does not exist".</summary>
    [RuleSource("RFC 9293 §3.10.5")]
    AbortNoConnection,
    /// <summary>LISTEN, SYN-SENT: delete the TCB without sending anything.</summary>
    [RuleSource("RFC 9293 §3.10.5")]
    AbortUnsynchronized,
    /// <summary>SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: send RST with SEQ=SND.NXT and delete the TCB.</summary>
    [RuleSource("RFC 9293 §3.10.5")]
    AbortSendReset,
    /// <summary>CLOSING, LAST-ACK, TIME-WAIT: respond "ok" and delete the TCB.</summary>
    [RuleSource("RFC 9293 §3.10.5")]
    AbortClosingStates,

    // ---- STATUS call, RFC 9293 §3.10.6 ----
    /// <summary>Report the TCB (CLOSED: "error: connection does not exist").</summary>
    [RuleSource("RFC 9293 §3.10.6")]
    Status,

    // ---- SEGMENT ARRIVES in CLOSED, RFC 9293 §3.10.7.1 ----
    /// <summary>CLOSED: an arriving RST is discarded.</summary>
    [RuleSource("RFC 9293 §3.10.7.1")]
    ClosedRstDiscarded,
    /// <summary>CLOSED, ACK off: reply &lt;SEQ=0&gt;&lt;ACK=SEG.SEQ+SEG.LEN&gt;&lt;CTL=RST,ACK&gt;.</summary>
    [RuleSource("RFC 9293 §3.10.7.1")]
    ClosedResetNoAck,
    /// <summary>CLOSED, ACK on: reply &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;.</summary>
    [RuleSource("RFC 9293 §3.10.7.1")]
    ClosedResetAck,

    // ---- LISTEN, RFC 9293 §3.10.7.2 ----
    /// <summary>LISTEN, first check: an arriving RST is ignored.</summary>
    [RuleSource("RFC 9293 §3.10.7.2")]
    ListenRstIgnored,
    /// <summary>LISTEN, second check: any ACK is bad: reply &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;.</summary>
    [RuleSource("RFC 9293 §3.10.7.2")]
    ListenAckReset,
    /// <summary>LISTEN, third check: SYN: set RCV.NXT=SEG.SEQ+1, IRS=SEG.SEQ, send &lt;SEQ=ISS&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=SYN,ACK&gt;, enter SYN-RECEIVED.</summary>
    [RuleSource("RFC 9293 §3.10.7.2")]
    ListenSyn,
    /// <summary>LISTEN, fourth check: any other segment is dropped.</summary>
    [RuleSource("RFC 9293 §3.10.7.2")]
    ListenOtherDropped,

    // ---- SYN-SENT, RFC 9293 §3.10.7.3 ----
    /// <summary>SYN-SENT, first check: SEG.ACK =&lt; ISS or SEG.ACK &gt; SND.NXT: send &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt; (unless RST) and drop.</summary>
    [RuleSource("RFC 9293 §3.10.7.3")]
    SynSentUnacceptableAck,
    /// <summary>SYN-SENT, second check: RST with an acceptable ACK: "error: connection reset", enter CLOSED.</summary>
    [RuleSource("RFC 9293 §3.10.7.3")]
    SynSentReset,
    /// <summary>SYN-SENT, second check: RST without ACK is dropped (RFC 5961 §3.2: it must acknowledge the SYN).</summary>
    [RuleSource("RFC 9293 §3.10.7.3, RFC 5961 §3.2")]
    SynSentRstDropped,
    /// <summary>SYN-SENT, fourth check: SYN with an ACK of our SYN: enter ESTABLISHED and send &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;.</summary>
    [RuleSource("RFC 9293 §3.10.7.3")]
    SynSentSynAck,
    /// <summary>SYN-SENT, fourth check: SYN without ACK (simultaneous open, Figure 7): enter SYN-RECEIVED and send &lt;SEQ=ISS&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=SYN,ACK&gt;.</summary>
    [RuleSource("RFC 9293 §3.10.7.3, Figure 7")]
    SynSentSimultaneousOpen,
    /// <summary>SYN-SENT, fifth check: neither SYN nor RST: drop.</summary>
    [RuleSource("RFC 9293 §3.10.7.3")]
    SynSentOtherDropped,

    // ---- Other states, RFC 9293 §3.10.7.4 ----
    /// <summary>First check (Table 6): the segment is not acceptable: send &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; (unless RST) and drop.</summary>
    [RuleSource("RFC 9293 §3.10.7.4 (Table 6)")]
    SegmentNotAcceptable,
    /// <summary>Second check: a RST outside the receive window is silently dropped.</summary>
    [RuleSource("RFC 9293 §3.10.7.4, RFC 5961 §3.2")]
    RstOutOfWindow,
    /// <summary>RFC 5961 §3.2 (RFC 9293 §3.10.7.4 second check): a RST inside the window but not at RCV.NXT gets a challenge ACK.</summary>
    [RuleSource("RFC 5961 §3.2, RFC 9293 §3.10.7.4")]
    RstChallengeAck,
    /// <summary>Second check, SYN-RECEIVED from a passive OPEN: RST returns the connection to LISTEN.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    RstSynReceivedToListen,
    /// <summary>Second check, SYN-RECEIVED from an active OPEN: RST means "connection refused"; enter CLOSED.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    RstSynReceivedRefused,
    /// <summary>Second check, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: RST: "connection reset"; enter CLOSED.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    RstReset,
    /// <summary>Second check, CLOSING, LAST-ACK, TIME-WAIT: RST: enter CLOSED and delete the TCB.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    RstClosed,
    /// <summary>RFC 1337 §3 (TIME-WAIT assassination, fix TW-1): a RST in TIME-WAIT is ignored.</summary>
    [RuleSource("RFC 1337 §3 (TW-1)")]
    RstIgnoredInTimeWait,
    /// <summary>Fourth check, SYN-RECEIVED from a passive OPEN: a SYN returns the connection to LISTEN.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    SynSynReceivedToListen,
    /// <summary>RFC 5961 §4 (RFC 9293 §3.10.7.4 fourth check): a SYN in a synchronized state gets a challenge ACK and is dropped.</summary>
    [RuleSource("RFC 5961 §4, RFC 9293 §3.10.7.4")]
    SynChallengeAck,
    /// <summary>RFC 793 behaviour (RFC 5961 off): a SYN in the window resets the connection.</summary>
    [RuleSource("RFC 793 §3.9 (RFC 9293 §3.10.7.4 without RFC 5961)")]
    SynReset,
    /// <summary>RFC 5961 §7: a challenge ACK was due but the rate limit suppressed it.</summary>
    [RuleSource("RFC 5961 §7")]
    ChallengeAckThrottled,
    /// <summary>Fifth check: a segment without ACK is dropped.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    NoAckDropped,
    /// <summary>Fifth check, SYN-RECEIVED: SND.UNA &lt; SEG.ACK =&lt; SND.NXT: enter ESTABLISHED.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    SynReceivedAcked,
    /// <summary>Fifth check, SYN-RECEIVED: an unacceptable ACK: send &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    SynReceivedBadAck,
    /// <summary>Fifth check, ESTABLISHED: SND.UNA &lt; SEG.ACK =&lt; SND.NXT: advance SND.UNA, update the window.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    AckAdvances,
    /// <summary>Fifth check: SEG.ACK =&lt; SND.UNA is a duplicate and is ignored (the window may still be updated).</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    AckDuplicate,
    /// <summary>Fifth check: SEG.ACK &gt; SND.NXT acknowledges something not yet sent: send an ACK and drop (RFC 5961 §5).</summary>
    [RuleSource("RFC 9293 §3.10.7.4, RFC 5961 §5")]
    AckOfUnsentData,
    /// <summary>Fifth check, FIN-WAIT-1: our FIN is acknowledged: enter FIN-WAIT-2.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    FinWait1Acked,
    /// <summary>Fifth check, CLOSING: our FIN is acknowledged: enter TIME-WAIT.</summary>
    [RuleSource("RFC 9293 §3.10.7.4, Figure 13")]
    ClosingAcked,
    /// <summary>Fifth check, LAST-ACK: our FIN is acknowledged: delete the TCB, enter CLOSED.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    LastAckAcked,
    /// <summary>Fifth check, TIME-WAIT: a retransmitted FIN: acknowledge it and restart the 2·MSL timeout.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    TimeWaitFinAcked,
    /// <summary>Seventh check, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2: data is accepted, RCV.NXT advances, an ACK is sent.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    DataAccepted,
    /// <summary>Seventh check, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: data after the peer's FIN is ignored.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    DataAfterFinIgnored,
    /// <summary>Eighth check, SYN-RECEIVED, ESTABLISHED: FIN: acknowledge it, enter CLOSE-WAIT, tell the user "connection closing".</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    FinToCloseWait,
    /// <summary>Eighth check, FIN-WAIT-1 with our FIN acknowledged: enter TIME-WAIT.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    FinToTimeWait,
    /// <summary>Eighth check, FIN-WAIT-1 with our FIN not yet acknowledged (simultaneous close, Figure 13): enter CLOSING.</summary>
    [RuleSource("RFC 9293 §3.10.7.4, Figure 13")]
    FinToClosing,
    /// <summary>Eighth check, CLOSE-WAIT, CLOSING, LAST-ACK: a repeated FIN; remain in the state.</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    FinRepeated,
    /// <summary>Eighth check: a FIN in CLOSED, LISTEN or SYN-SENT is not processed (SEG.SEQ cannot be validated).</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    FinNotProcessed,
    /// <summary>An acceptable segment that changes nothing (for example a pure window update).</summary>
    [RuleSource("RFC 9293 §3.10.7.4")]
    SegmentAccepted,

    // ---- Timeouts, RFC 9293 §3.10.8 ----
    /// <summary>User timeout: flush queues, "error: connection aborted due to user timeout", delete the TCB.</summary>
    [RuleSource("RFC 9293 §3.10.8")]
    UserTimeout,
    /// <summary>Retransmission timeout: resend the segment at the front of the queue, back off the timer (RFC 6298 §5.5).</summary>
    [RuleSource("RFC 9293 §3.10.8, RFC 6298 §5")]
    RetransmissionTimeout,
    /// <summary>R2 threshold: retransmissions exhausted; the connection is closed.</summary>
    [RuleSource("RFC 9293 §3.8.3 (R2)")]
    RetransmissionLimit,
    /// <summary>SYN-RECEIVED from a passive OPEN gave up; the listener returns to LISTEN (the half-open entry is freed).</summary>
    [RuleSource("RFC 9293 §3.8.3, RFC 4987 §3")]
    HalfOpenTimeout,
    /// <summary>Time-wait timeout (2·MSL): delete the TCB, enter CLOSED.</summary>
    [RuleSource("RFC 9293 §3.10.8")]
    TimeWaitTimeout,
    /// <summary>Implementation choice RFC 9293 leaves open (Linux tcp_fin_timeout): give up waiting in FIN-WAIT-2.</summary>
    [RuleSource("Implementation choice (RFC 9293 §3.10.7.4 sets none; Linux tcp_fin_timeout)")]
    FinWait2Timeout,
    /// <summary>Delayed ACK: the deferred acknowledgment is sent.</summary>
    [RuleSource("RFC 9293 §3.8.6.3")]
    DelayedAck,
    /// <summary>Zero-window probe: with data queued and a zero send window, one octet is sent when the timer fires.</summary>
    [RuleSource("RFC 9293 §3.8.6.1")]
    ZeroWindowProbe,
    /// <summary>First check, SYN-RECEIVED: a retransmitted SYN means our SYN,ACK was lost: send it again (§3.8.1).</summary>
    [RuleSource("RFC 9293 §3.8.1, §3.10.7.4")]
    SynReceivedDuplicateSyn,
    /// <summary>Seventh check: data beyond RCV.NXT is not held for later by this model; a duplicate ACK goes at once (RFC 5681 §4.2).</summary>
    [RuleSource("RFC 9293 §3.10.7.4, RFC 5681 §4.2")]
    DataOutOfOrder,
    /// <summary>Linux tcp_invalid_ratelimit (RFC 9293 sets none): the ACK owed to an unacceptable segment is suppressed because one was sent less than the interval ago; this breaks ACK loops between desynchronized endpoints.</summary>
    [RuleSource("Implementation choice (Linux tcp_invalid_ratelimit; RFC 9293 §3.10.7.4 sets no limit)")]
    OutOfWindowAckThrottled,

    // ---- Sending without a state change, keep-alive, recovery, Fast Open (appended: existing values stay) ----
    /// <summary>An acknowledgment &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; sent now (the ACK of received data or FIN, a duplicate or challenge ACK, a window update).</summary>
    [RuleSource("RFC 9293 §3.10.7.4, §3.8.6.3")]
    SendAcknowledgment,
    /// <summary>A keep-alive probe with SEG.SEQ = SND.NXT − 1 (no data or one garbage octet) after the connection was idle; the peer answers with an ACK.</summary>
    [RuleSource("RFC 9293 §3.8.4")]
    KeepAlive,
    /// <summary>Keep-alive probes went unanswered (Linux tcp_keepalive_probes of them): the connection is aborted.</summary>
    [RuleSource("RFC 9293 §3.8.4, Linux tcp_keepalive_probes")]
    KeepAliveTimeout,
    /// <summary>A range within [SND.UNA, SND.NXT) sent again before the retransmission timer fires (fast retransmit, SACK recovery, a RACK-TLP tail loss probe).</summary>
    [RuleSource("RFC 5681 §3.2, RFC 6675 §5, RFC 8985")]
    RetransmitRange,
    /// <summary>An active OPEN whose SYN carries data (TCP Fast Open).</summary>
    [RuleSource("RFC 7413 §4.1")]
    OpenActiveFastOpen,
}
