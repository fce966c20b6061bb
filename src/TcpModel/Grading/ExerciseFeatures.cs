using System;

namespace TcpModel.Grading;

/// <summary>
/// What can make one handshake/teardown exercise differ from the textbook's: in
/// <see cref="ExerciseOptions.Features"/> the features the seed may choose, in
/// <see cref="Exercise.Features"/> the ones an exercise has.
/// </summary>
[Flags]
public enum ExerciseFeatures
{
    /// <summary>The textbook exchange: ISNs far from the wrap point, data (if any) after the handshake, the client closes first, no data in CLOSE-WAIT, no loss, four segments to close.</summary>
    None = 0,

    /// <summary>An ISN so close to 2^32 that a sequence or acknowledgment number of the exchange wraps to 0 (RFC 9293 §3.4).</summary>
    WrapAround = 1,

    /// <summary>The client calls SEND before the connection is established: the data rides on the third handshake segment (RFC 9293 §3.10.2).</summary>
    DataOnHandshake = 2,

    /// <summary>The server closes first (active close), the client is the side in CLOSE-WAIT.</summary>
    ServerClosesFirst = 4,

    /// <summary>The side in CLOSE-WAIT sends data before it closes (half-close, RFC 9293 §3.6): the textbook's w differs from v.</summary>
    HalfCloseData = 8,

    /// <summary>One data segment or FIN is lost once and the retransmission timer sends it again (RFC 6298 §5, RFC 9293 §3.8.1).</summary>
    Loss = 16,

    /// <summary>
    /// Both ends delay ACKs (RFC 9293 §3.8.6.3, the Linux profile) and the second side closes as soon as it has
    /// the FIN, so its FIN carries the ACK of the first: FIN / FIN+ACK / ACK. Never together with <see cref="HalfCloseData"/>.
    /// </summary>
    ThreeSegmentClose = 32,

    /// <summary>Every feature.</summary>
    All = WrapAround | DataOnHandshake | ServerClosesFirst | HalfCloseData | Loss | ThreeSegmentClose,
}
