namespace TcpModel;

/// <summary>
/// A field of a segment or of a transcript row: what a judge or grader names as wrong, what a
/// transcript comment follows, and what <see cref="Transcripts.TranscriptStepSource.Position"/> looks up.
/// </summary>
public enum TcpField : byte
{
    /// <summary>No particular field.</summary>
    None = 0,
    /// <summary>Who sent the segment (a transcript's direction).</summary>
    Direction,
    /// <summary>The SYN control bit.</summary>
    Syn,
    /// <summary>The ACK control bit (<c>ACK=1</c>, in capitals); the acknowledgment number is <see cref="Ack"/>.</summary>
    AckFlag,
    /// <summary>The FIN control bit.</summary>
    Fin,
    /// <summary>The RST control bit.</summary>
    Rst,
    /// <summary>The PSH control bit.</summary>
    Psh,
    /// <summary>The sequence number (SEG.SEQ).</summary>
    Seq,
    /// <summary>The acknowledgment number (SEG.ACK; <c>ack=x+1</c>, in lowercase).</summary>
    Ack,
    /// <summary>The payload length: <c>len=100</c>, <c>无数据</c>, <c>no data</c> (and, for comments, <c>可携带数据</c>, which states no length).</summary>
    Length,
    /// <summary>An endpoint's state after a step (a transcript's state column).</summary>
    State,
    /// <summary>The URG control bit.</summary>
    Urg,
    /// <summary>The ECE control bit.</summary>
    Ece,
    /// <summary>The CWR control bit.</summary>
    Cwr,
    /// <summary>A transcript's list of the control bits that are set: <c>[SYN, ACK]</c>.</summary>
    FlagList,
    /// <summary>A transcript's rule name.</summary>
    Rule,
}

/// <summary>Names of <see cref="TcpField"/> as transcripts write them.</summary>
public static class TcpFieldExtensions
{
    /// <summary>
    /// The name a transcript uses: <c>direction</c>, <c>SYN</c>, <c>ACK</c>, <c>FIN</c>, <c>RST</c>,
    /// <c>PSH</c>, <c>URG</c>, <c>ECE</c>, <c>CWR</c>, <c>flags</c>, <c>seq</c>, <c>ack</c>, <c>len</c>,
    /// <c>state</c>, <c>rule</c> (<c>none</c> for <see cref="TcpField.None"/>).
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
        TcpField.Urg => "URG",
        TcpField.Ece => "ECE",
        TcpField.Cwr => "CWR",
        TcpField.FlagList => "flags",
        TcpField.Rule => "rule",
        _ => "none",
    };
}
