namespace TcpModel.Transcripts;

/// <summary>What went wrong while parsing a transcript (see <see cref="TranscriptParseError"/>).</summary>
public enum TranscriptErrorCode : byte
{
    /// <summary>The text holds no step at all (no table row, no <c>C -&gt; S</c> line).</summary>
    NoSteps = 1,
    /// <summary>A Markdown table lacks its separator row or a required column (direction, header fields).</summary>
    TableLayout,
    /// <summary>A table row has a different number of cells than the header.</summary>
    CellCount,
    /// <summary>A step number is not the next number.</summary>
    StepNumber,
    /// <summary>The direction is not <c>客户端 → 服务端</c>, <c>C -&gt; S</c> or similar.</summary>
    Direction,
    /// <summary>The segment name is not one the textbook uses.</summary>
    SegmentName,
    /// <summary>Text in the header fields that is not a field (<c>SYN=1</c>, <c>seq=x</c>, <c>[SYN, ACK]</c>, <c>len=100</c>).</summary>
    UnknownField,
    /// <summary>A control bit with a value other than 0 or 1, or an unknown name in a flag list.</summary>
    FlagValue,
    /// <summary>The same field twice in one segment.</summary>
    DuplicateField,
    /// <summary>A required field is missing: <c>seq</c> always, <c>ack</c> when ACK=1.</summary>
    MissingField,
    /// <summary>An acknowledgment number with ACK=0: the field is not significant (RFC 9293 §3.1).</summary>
    AckWithoutAckFlag,
    /// <summary>A sequence or acknowledgment value that is not a number or symbol plus offset.</summary>
    Value,
    /// <summary>A payload length that is not a non-negative number.</summary>
    Length,
    /// <summary>A bracket or parenthesis that is never closed.</summary>
    UnclosedBracket,
    /// <summary>A word in capitals where a state was expected that is not a TCP state.</summary>
    UnknownState,
    /// <summary>A state without the endpoint it belongs to, or an endpoint without a state.</summary>
    StateClause,
    /// <summary>A state that contradicts what an earlier row or the same row says.</summary>
    StateConflict,
    /// <summary>A rule name that is not a <see cref="TcpRule"/>.</summary>
    Rule,
    /// <summary>A user notice that is not one of RFC 9293 §3.9.1.3's (see <see cref="TcpNotice"/>).</summary>
    Notice,
    /// <summary>A time that is not seconds (<c>1.5s</c>) or milliseconds (<c>200ms</c>).</summary>
    Time,
    /// <summary>An annotation after <c>;</c> that is neither a state, a rule, a notice nor a note.</summary>
    Annotation,
    /// <summary>A quoted text without its closing quote.</summary>
    Quote,
}
