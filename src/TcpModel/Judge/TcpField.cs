namespace TcpModel;

/// <summary>A field of a segment or of a transcript step, as a judge or grader names what is wrong.</summary>
public enum TcpField : byte
{
    /// <summary>No particular field.</summary>
    None = 0,
    /// <summary>Who sent the segment (a transcript's direction).</summary>
    Direction,
    /// <summary>The SYN control bit.</summary>
    Syn,
    /// <summary>The ACK control bit.</summary>
    AckFlag,
    /// <summary>The FIN control bit.</summary>
    Fin,
    /// <summary>The RST control bit.</summary>
    Rst,
    /// <summary>The PSH control bit.</summary>
    Psh,
    /// <summary>The sequence number (SEG.SEQ).</summary>
    Seq,
    /// <summary>The acknowledgment number (SEG.ACK).</summary>
    Ack,
    /// <summary>The payload length.</summary>
    Length,
    /// <summary>An endpoint's state after a step (a transcript's state column).</summary>
    State,
}

/// <summary>Names of <see cref="TcpField"/> as transcripts write them.</summary>
public static class TcpFieldExtensions
{
    /// <summary>
    /// The name a transcript uses: <c>direction</c>, <c>SYN</c>, <c>ACK</c>, <c>FIN</c>, <c>RST</c>,
    /// <c>PSH</c>, <c>seq</c>, <c>ack</c>, <c>len</c>, <c>state</c> (<c>none</c> for <see cref="TcpField.None"/>).
    /// </summary>
    public static string ToFieldName(this TcpField field) => field switch
    {
        TcpField.Direction => "direction",
        TcpField.Syn => "SYN",
        TcpField.AckFlag => "ACK",
        TcpField.Fin => "FIN",
        TcpField.Rst => "RST",
        TcpField.Psh => "PSH",
        TcpField.Seq => "seq",
        TcpField.Ack => "ack",
        TcpField.Length => "len",
        TcpField.State => "state",
        _ => "none",
    };
}
