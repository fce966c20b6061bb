namespace TcpModel;

/// <summary>What a conforming sender was doing when it sent a segment, as <see cref="TcpJudge"/> explains it.</summary>
public enum TcpSendKind : byte
{
    /// <summary>Not explained: see <see cref="TcpSendVerdict.Violation"/>.</summary>
    None = 0,
    /// <summary>The first SYN of an active OPEN (§3.10.1), possibly with TCP Fast Open data (RFC 7413).</summary>
    Syn,
    /// <summary>A SYN,ACK (§3.10.7.2, §3.10.7.3), first sent or retransmitted.</summary>
    SynAck,
    /// <summary>New data at SND.NXT (§3.10.2).</summary>
    Data,
    /// <summary>A FIN at SND.NXT, possibly with data (§3.10.4).</summary>
    Fin,
    /// <summary>A pure acknowledgment at SND.NXT: an ACK of received data, a duplicate or challenge ACK, a window update (§3.8.6, §3.10.7.4).</summary>
    Ack,
    /// <summary>Data or FIN sent again from within [SND.UNA, SND.NXT), or a SYN again with the same ISN (§3.8.1, §3.10.8).</summary>
    Retransmission,
    /// <summary>A keep-alive: SEG.SEQ = SND.NXT − 1 with no data or one garbage octet (§3.8.4).</summary>
    KeepAlive,
    /// <summary>One octet beyond a zero window (§3.8.6.1).</summary>
    ZeroWindowProbe,
    /// <summary>A RST at SND.NXT: ABORT (§3.10.5).</summary>
    Reset,
}
