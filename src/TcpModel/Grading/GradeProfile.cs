namespace TcpModel.Grading;

/// <summary>How strictly a transcript is graded.</summary>
public enum GradeProfile : byte
{
    /// <summary>
    /// The textbook's conventions (the default): a field left out is not wrong — the seed's FIN row
    /// omits ACK and ack — and the teardown may have four rows. Every stated field must be right.
    /// </summary>
    Textbook = 0,
    /// <summary>
    /// RFC 9293 as real stacks do it: once a SYN has been received every segment carries ACK=1 and its
    /// acknowledgment number (§3.1), so both must be written.
    /// </summary>
    Strict,
}
