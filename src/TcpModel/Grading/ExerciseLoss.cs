namespace TcpModel.Grading;

/// <summary>Which segment of an exercise the network loses once (its sender's retransmission timer sends it again, RFC 6298 §5).</summary>
public enum ExerciseLoss : byte
{
    /// <summary>Nothing is lost.</summary>
    None = 0,

    /// <summary>The client's data segment after the handshake.</summary>
    Data,

    /// <summary>The first FIN (of the side that closes first).</summary>
    FirstFin,

    /// <summary>The data the side in CLOSE-WAIT sends before it closes.</summary>
    HalfCloseData,

    /// <summary>The FIN of the side that closes second (four-segment close only).</summary>
    SecondFin,
}
