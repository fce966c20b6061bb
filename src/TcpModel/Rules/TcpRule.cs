namespace TcpModel;

/// <summary>
/// The rule that decided a transition, named after the RFC clause it implements. Every value has
/// a section reference and an English and Chinese explanation in <c>TcpRules</c>.
/// </summary>
public enum TcpRule : ushort
{
    /// <summary>No rule applied (nothing happened).</summary>
    None = 0,

    // ---- OPEN call, RFC 9293 §3.10.1 ----
    /// <summary>§3.10.1 CLOSED: active OPEN sends SYN and enters SYN-SENT.</summary>
    OpenActive,
    /// <summary>§3.10.1 CLOSED: passive OPEN enters LISTEN.</summary>
    OpenPassive,
    /// <summary>§3.10.1 LISTEN: an active OPEN turns the listener into an active open: send SYN, enter SYN-SENT.</summary>
    OpenListenToActive,
    /// <summary>§3.10.1 every other state: "error: connection already exists".</summary>
    OpenAlreadyExists,

    // ---- SEND call, RFC 9293 §3.10.2 ----
    /// <summary>§3.10.2 CLOSED: "error: connection does not exist".</summary>
    SendNoConnection,
    /// <summary>§3.10.2 LISTEN: no foreign socket to send to: "error: foreign socket unspecified".</summary>
    SendListenUnspecified,
    /// <summary>§3.10.2 SYN-SENT, SYN-RECEIVED: queue the data for transmission after entering ESTABLISHED.</summary>
    SendQueued,
    /// <summary>§3.10.2 ESTABLISHED, CLOSE-WAIT: segmentize the buffer and send it with a piggybacked ACK.</summary>
    SendData,
    /// <summary>§3.10.2 FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK, TIME-WAIT: "error: connection closing".</summary>
    SendClosing,

    // ---- RECEIVE call, RFC 9293 §3.10.3 ----
    /// <summary>§3.10.3 CLOSED: "error: connection does not exist".</summary>
    ReceiveNoConnection,
    /// <summary>§3.10.3 LISTEN, SYN-SENT, SYN-RECEIVED: queue the request until ESTABLISHED.</summary>
    ReceiveQueued,
    /// <summary>§3.10.3 ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: hand over queued data; the receive window reopens.</summary>
    ReceiveData,
    /// <summary>§3.10.3 CLOSE-WAIT with nothing left, CLOSING, LAST-ACK, TIME-WAIT: "error: connection closing".</summary>
    ReceiveClosing,

    // ---- CLOSE call, RFC 9293 §3.10.4 ----
    /// <summary>§3.10.4 CLOSED: "error: connection does not exist".</summary>
    CloseNoConnection,
    /// <summary>§3.10.4 LISTEN: delete the TCB, enter CLOSED.</summary>
    CloseListen,
    /// <summary>§3.10.4 SYN-SENT: delete the TCB; queued SENDs and RECEIVEs get "error: closing".</summary>
    CloseSynSent,
    /// <summary>§3.10.4 SYN-RECEIVED, ESTABLISHED: once queued data is segmentized, send FIN and enter FIN-WAIT-1.</summary>
    CloseSendFin,
    /// <summary>§3.10.4 SYN-RECEIVED with data queued, ESTABLISHED with data not yet sent: queue the CLOSE until the data is segmentized.</summary>
    CloseQueued,
    /// <summary>§3.10.4 CLOSE-WAIT: send FIN and enter LAST-ACK (RFC 9293 corrects RFC 793's "CLOSING" here).</summary>
    CloseFromCloseWait,
    /// <summary>§3.10.4 FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK, TIME-WAIT: "error: connection closing".</summary>
    CloseAlreadyClosing,

    // ---- ABORT call, RFC 9293 §3.10.5 ----
    /// <summary>§3.10.5 CLOSED: "error: connection does not exist".</summary>
    AbortNoConnection,
    /// <summary>§3.10.5 LISTEN, SYN-SENT: delete the TCB without sending anything.</summary>
    AbortUnsynchronized,
    /// <summary>§3.10.5 SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: send RST with SEQ=SND.NXT and delete the TCB.</summary>
    AbortSendReset,
    /// <summary>§3.10.5 CLOSING, LAST-ACK, TIME-WAIT: respond "ok" and delete the TCB.</summary>
    AbortClosingStates,

    // ---- STATUS call, RFC 9293 §3.10.6 ----
    /// <summary>§3.10.6 report the TCB (CLOSED: "error: connection does not exist").</summary>
    Status,

    // ---- SEGMENT ARRIVES in CLOSED, RFC 9293 §3.10.7.1 ----
    /// <summary>§3.10.7.1 CLOSED: an arriving RST is discarded.</summary>
    ClosedRstDiscarded,
    /// <summary>§3.10.7.1 CLOSED, ACK off: reply &lt;SEQ=0&gt;&lt;ACK=SEG.SEQ+SEG.LEN&gt;&lt;CTL=RST,ACK&gt;.</summary>
    ClosedResetNoAck,
    /// <summary>§3.10.7.1 CLOSED, ACK on: reply &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;.</summary>
    ClosedResetAck,

    // ---- LISTEN, RFC 9293 §3.10.7.2 ----
    /// <summary>§3.10.7.2 LISTEN, first check: an arriving RST is ignored.</summary>
    ListenRstIgnored,
    /// <summary>§3.10.7.2 LISTEN, second check: any ACK is bad: reply &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;.</summary>
    ListenAckReset,
    /// <summary>§3.10.7.2 LISTEN, third check: SYN: set RCV.NXT=SEG.SEQ+1, IRS=SEG.SEQ, send &lt;SEQ=ISS&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=SYN,ACK&gt;, enter SYN-RECEIVED.</summary>
    ListenSyn,
    /// <summary>§3.10.7.2 LISTEN, fourth check: any other segment is dropped.</summary>
    ListenOtherDropped,

    // ---- SYN-SENT, RFC 9293 §3.10.7.3 ----
    /// <summary>§3.10.7.3 SYN-SENT, first check: SEG.ACK =&lt; ISS or SEG.ACK &gt; SND.NXT: send &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt; (unless RST) and drop.</summary>
    SynSentUnacceptableAck,
    /// <summary>§3.10.7.3 SYN-SENT, second check: RST with an acceptable ACK: "error: connection reset", enter CLOSED.</summary>
    SynSentReset,
    /// <summary>§3.10.7.3 SYN-SENT, second check: RST without ACK is dropped (RFC 5961 §3.2: it must acknowledge the SYN).</summary>
    SynSentRstDropped,
    /// <summary>§3.10.7.3 SYN-SENT, fourth check: SYN with an ACK of our SYN: enter ESTABLISHED and send &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;.</summary>
    SynSentSynAck,
    /// <summary>§3.10.7.3 SYN-SENT, fourth check: SYN without ACK (simultaneous open, Figure 7): enter SYN-RECEIVED and send &lt;SEQ=ISS&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=SYN,ACK&gt;.</summary>
    SynSentSimultaneousOpen,
    /// <summary>§3.10.7.3 SYN-SENT, fifth check: neither SYN nor RST: drop.</summary>
    SynSentOtherDropped,

    // ---- Other states, RFC 9293 §3.10.7.4 ----
    /// <summary>§3.10.7.4 first check (Table 6): the segment is not acceptable: send &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; (unless RST) and drop.</summary>
    SegmentNotAcceptable,
    /// <summary>§3.10.7.4 second check: a RST outside the receive window is silently dropped.</summary>
    RstOutOfWindow,
    /// <summary>RFC 5961 §3.2 (RFC 9293 §3.10.7.4 second check): a RST inside the window but not at RCV.NXT gets a challenge ACK.</summary>
    RstChallengeAck,
    /// <summary>§3.10.7.4 second check, SYN-RECEIVED from a passive OPEN: RST returns the connection to LISTEN.</summary>
    RstSynReceivedToListen,
    /// <summary>§3.10.7.4 second check, SYN-RECEIVED from an active OPEN: RST means "connection refused"; enter CLOSED.</summary>
    RstSynReceivedRefused,
    /// <summary>§3.10.7.4 second check, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: RST: "connection reset"; enter CLOSED.</summary>
    RstReset,
    /// <summary>§3.10.7.4 second check, CLOSING, LAST-ACK, TIME-WAIT: RST: enter CLOSED and delete the TCB.</summary>
    RstClosed,
    /// <summary>RFC 1337 §3 (TIME-WAIT assassination, fix TW-1): a RST in TIME-WAIT is ignored.</summary>
    RstIgnoredInTimeWait,
    /// <summary>§3.10.7.4 fourth check, SYN-RECEIVED from a passive OPEN: a SYN returns the connection to LISTEN.</summary>
    SynSynReceivedToListen,
    /// <summary>RFC 5961 §4 (RFC 9293 §3.10.7.4 fourth check): a SYN in a synchronized state gets a challenge ACK and is dropped.</summary>
    SynChallengeAck,
    /// <summary>RFC 793 behaviour (RFC 5961 off): a SYN in the window resets the connection.</summary>
    SynReset,
    /// <summary>RFC 5961 §7: a challenge ACK was due but the rate limit suppressed it.</summary>
    ChallengeAckThrottled,
    /// <summary>§3.10.7.4 fifth check: a segment without ACK is dropped.</summary>
    NoAckDropped,
    /// <summary>§3.10.7.4 fifth check, SYN-RECEIVED: SND.UNA &lt; SEG.ACK =&lt; SND.NXT: enter ESTABLISHED.</summary>
    SynReceivedAcked,
    /// <summary>§3.10.7.4 fifth check, SYN-RECEIVED: an unacceptable ACK: send &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;.</summary>
    SynReceivedBadAck,
    /// <summary>§3.10.7.4 fifth check, ESTABLISHED: SND.UNA &lt; SEG.ACK =&lt; SND.NXT: advance SND.UNA, update the window.</summary>
    AckAdvances,
    /// <summary>§3.10.7.4 fifth check: SEG.ACK =&lt; SND.UNA is a duplicate and is ignored (the window may still be updated).</summary>
    AckDuplicate,
    /// <summary>§3.10.7.4 fifth check: SEG.ACK &gt; SND.NXT acknowledges something not yet sent: send an ACK and drop (RFC 5961 §5).</summary>
    AckOfUnsentData,
    /// <summary>§3.10.7.4 fifth check, FIN-WAIT-1: our FIN is acknowledged: enter FIN-WAIT-2.</summary>
    FinWait1Acked,
    /// <summary>§3.10.7.4 fifth check, CLOSING: our FIN is acknowledged: enter TIME-WAIT.</summary>
    ClosingAcked,
    /// <summary>§3.10.7.4 fifth check, LAST-ACK: our FIN is acknowledged: delete the TCB, enter CLOSED.</summary>
    LastAckAcked,
    /// <summary>§3.10.7.4 fifth check, TIME-WAIT: a retransmitted FIN: acknowledge it and restart the 2·MSL timeout.</summary>
    TimeWaitFinAcked,
    /// <summary>§3.10.7.4 seventh check, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2: data is accepted, RCV.NXT advances, an ACK is sent.</summary>
    DataAccepted,
    /// <summary>§3.10.7.4 seventh check, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: data after the peer's FIN is ignored.</summary>
    DataAfterFinIgnored,
    /// <summary>§3.10.7.4 eighth check, SYN-RECEIVED, ESTABLISHED: FIN: acknowledge it, enter CLOSE-WAIT, tell the user "connection closing".</summary>
    FinToCloseWait,
    /// <summary>§3.10.7.4 eighth check, FIN-WAIT-1 with our FIN acknowledged: enter TIME-WAIT.</summary>
    FinToTimeWait,
    /// <summary>§3.10.7.4 eighth check, FIN-WAIT-1 with our FIN not yet acknowledged (simultaneous close, Figure 13): enter CLOSING.</summary>
    FinToClosing,
    /// <summary>§3.10.7.4 eighth check, CLOSE-WAIT, CLOSING, LAST-ACK: a repeated FIN; remain in the state.</summary>
    FinRepeated,
    /// <summary>§3.10.7.4 eighth check: a FIN in CLOSED, LISTEN or SYN-SENT is not processed (SEG.SEQ cannot be validated).</summary>
    FinNotProcessed,
    /// <summary>§3.10.7.4: an acceptable segment that changes nothing (for example a pure window update).</summary>
    SegmentAccepted,

    // ---- Timeouts, RFC 9293 §3.10.8 ----
    /// <summary>§3.10.8 user timeout: flush queues, "error: connection aborted due to user timeout", delete the TCB.</summary>
    UserTimeout,
    /// <summary>§3.10.8 retransmission timeout: resend the segment at the front of the queue, back off the timer (RFC 6298 §5.5).</summary>
    RetransmissionTimeout,
    /// <summary>§3.8.3 (R2 threshold): retransmissions exhausted; the connection is closed.</summary>
    RetransmissionLimit,
    /// <summary>§3.8.3 / §3.10.7.4: SYN-RECEIVED from a passive OPEN gave up; the listener returns to LISTEN (the half-open entry is freed).</summary>
    HalfOpenTimeout,
    /// <summary>§3.10.8 time-wait timeout (2·MSL): delete the TCB, enter CLOSED.</summary>
    TimeWaitTimeout,
    /// <summary>Implementation choice RFC 9293 leaves open (Linux tcp_fin_timeout): give up waiting in FIN-WAIT-2.</summary>
    FinWait2Timeout,
    /// <summary>§3.8.6.3 delayed ACK: the deferred acknowledgment is sent.</summary>
    DelayedAck,
    /// <summary>§3.8.6.1 zero-window probe: with data queued and a zero send window, one octet is sent when the timer fires.</summary>
    ZeroWindowProbe,
    /// <summary>§3.10.7.4 first check, SYN-RECEIVED: a retransmitted SYN means our SYN,ACK was lost: send it again (§3.8.1).</summary>
    SynReceivedDuplicateSyn,
    /// <summary>§3.10.7.4 seventh check: data beyond RCV.NXT is not held for later by this model; a duplicate ACK goes at once (RFC 5681 §4.2).</summary>
    DataOutOfOrder,
    /// <summary>Linux tcp_invalid_ratelimit (RFC 9293 sets none): the ACK owed to an unacceptable segment is suppressed because one was sent less than the interval ago; this breaks ACK loops between desynchronized endpoints.</summary>
    OutOfWindowAckThrottled,
    /// <summary>§3.10.7.4, §3.8.6.3: an acknowledgment sent now.</summary>
    SendAcknowledgment,
    /// <summary>§3.8.4: a keep-alive probe.</summary>
    KeepAlive,
    /// <summary>§3.8.4: keep-alive probes unanswered.</summary>
    KeepAliveTimeout,
    /// <summary>RFC 5681 §3.2, RFC 6675 §5: a range sent again before the timer.</summary>
    RetransmitRange,
    /// <summary>RFC 7413 §4.1: an active OPEN whose SYN carries data.</summary>
    OpenActiveFastOpen,
}
