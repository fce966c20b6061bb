namespace TcpModel.Transcripts;

/// <summary>
/// A field of a transcript row as a student writes it: what a <see cref="TranscriptComment"/>
/// follows, and what <see cref="TranscriptStepSource.Position"/> looks up.
/// </summary>
public enum TranscriptField : byte
{
    /// <summary>No field (a comment at the start of its cell).</summary>
    None = 0,
    /// <summary>The direction (<c>客户端 → 服务端</c>, <c>C -&gt; S</c>).</summary>
    Direction,
    /// <summary>The SYN control bit.</summary>
    Syn,
    /// <summary>The ACK control bit (<c>ACK=1</c>, in capitals); the acknowledgment number is <see cref="AckNumber"/>.</summary>
    Ack,
    /// <summary>The FIN control bit.</summary>
    Fin,
    /// <summary>The RST control bit.</summary>
    Rst,
    /// <summary>The PSH control bit.</summary>
    Psh,
    /// <summary>The URG control bit.</summary>
    Urg,
    /// <summary>The ECE control bit.</summary>
    Ece,
    /// <summary>The CWR control bit.</summary>
    Cwr,
    /// <summary>A list of the control bits that are set: <c>[SYN, ACK]</c>.</summary>
    FlagList,
    /// <summary>The sequence number (<c>seq=x</c>).</summary>
    Seq,
    /// <summary>The acknowledgment number (<c>ack=x+1</c>, in lowercase).</summary>
    AckNumber,
    /// <summary>The payload length: <c>len=100</c>, <c>无数据</c>, <c>no data</c> (and, for comments, <c>可携带数据</c>, which states no length).</summary>
    Length,
    /// <summary>A state clause (<c>客户端进入 SYN-SENT</c>, <c>; client SYN-SENT</c>).</summary>
    State,
    /// <summary>The rule name.</summary>
    Rule,
}
