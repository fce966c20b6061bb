using System;
using TcpModel.Transcripts;

namespace TcpModel.Grading;

/// <summary>
/// One wrong field of a student's transcript: where it is, what was written, what the model expects,
/// the RFC rule, and an explanation written for a student in English and Chinese.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class GradeDiagnostic : GradeFinding
{
    internal GradeDiagnostic(int transcript, int step, int line, int column, TcpField field, Side side, string found, string expected,
        TcpRule rule, string source, GradeSlip slip, string english, string chinese)
        : base(transcript, step, line, column, source, english, chinese)
    {
        Field = field;
        Side = side;
        Found = found;
        Expected = expected;
        Rule = rule;
        Slip = slip;
    }

    /// <summary>The field that is wrong.</summary>
    public TcpField Field { get; }

    /// <summary>Whose field it is: the side whose state is wrong, or the segment's sender (for a wrong direction, the side written).</summary>
    public Side Side { get; }

    /// <summary>What the student wrote, as written (<c>x</c>, <c>1</c>, <c>TIME-WAIT</c>, <c>client</c>), or <c>(omitted)</c>.</summary>
    public string Found { get; }

    /// <summary>What the model expects, in the student's notation (<c>x+1</c> for letters, a number for numbers).</summary>
    public string Expected { get; }

    /// <summary>The rule of RFC 9293 (or of the RFC named in <see cref="GradeFinding.Source"/>) that decides the field.</summary>
    public TcpRule Rule { get; }

    /// <summary>The common mistake this is, when it is one (<see cref="GradeSlip.None"/> otherwise).</summary>
    public GradeSlip Slip { get; }

    /// <summary><c>step 2, ack: found x, expected x+1</c>.</summary>
    public override string ToString() => $"step {Step}, {Field.ToFieldName()}: found {Found}, expected {Expected}";
}

/// <summary>The common mistakes a grader explains with their own words.</summary>
public enum GradeSlip : byte
{
    /// <summary>Not one of the common mistakes.</summary>
    None = 0,
    /// <summary>ack = the peer's ISN: the SYN occupies one sequence number, so it is ISN + 1.</summary>
    AckNotCountingSyn,
    /// <summary>ack = the FIN's sequence number: the FIN occupies one sequence number.</summary>
    AckNotCountingFin,
    /// <summary>seq not advanced past what the sender's previous segment occupied (SYN, FIN or data).</summary>
    SeqNotAdvanced,
    /// <summary>SYN=1 after the handshake's first two segments (the third segment is not a SYN).</summary>
    SynAfterHandshake,
    /// <summary>ACK=0 on a segment after the first SYN: a synchronized TCP drops it.</summary>
    AckFlagOff,
    /// <summary>TIME-WAIT named for the side that closed second (it goes to CLOSED after LAST-ACK).</summary>
    TimeWaitWrongSide,
    /// <summary>CLOSE-WAIT and LAST-ACK swapped.</summary>
    CloseWaitLastAckSwapped,
    /// <summary>The step is written from the wrong side.</summary>
    WrongDirection,
    /// <summary>The strict profile needs ACK=1 and ack written on every segment after the first SYN.</summary>
    AckOmitted,
}
