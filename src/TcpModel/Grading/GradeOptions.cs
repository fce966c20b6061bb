using System;

namespace TcpModel.Grading;

/// <summary>Options of <see cref="TranscriptGrader"/>.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record GradeOptions
{
    /// <summary>The textbook profile with the default ISNs.</summary>
    public static GradeOptions Default { get; } = new();

    /// <summary>How strictly to grade (<see cref="GradeProfile.Textbook"/> by default).</summary>
    public GradeProfile Profile { get; init; }

    /// <summary>
    /// The endpoints' settings the model is driven with (<see cref="TcpSettings.Rfc9293"/> by default:
    /// immediate ACKs, so every arrival's acknowledgment is owed at once).
    /// </summary>
    public TcpSettings Settings { get; init; } = TcpSettings.Rfc9293;

    /// <summary>The client's ISN when the student writes it as a letter (x): any number grades the same.</summary>
    public SeqNum ClientIsn { get; init; } = 1000u;

    /// <summary>The server's ISN when the student writes it as a letter (y).</summary>
    public SeqNum ServerIsn { get; init; } = 5000u;
}
