using System;
using TcpModel.Wire;

namespace TcpModel.Analysis;

/// <summary>
/// The result of checking one connection of a capture: the verdict, the first violation, each
/// endpoint's last state in the model, and the passive classifications (Zeek, Wireshark).
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct ConnectionCheck
{
    /// <summary>The connection as the demultiplexer saw it (ends, frames, packet count).</summary>
    public CapturedConnection Connection { get; internal init; }

    /// <summary>Where the capture was taken, as the handshake's timing shows: it decides which losses are possible.</summary>
    public CaptureSite CaptureSite { get; internal init; }

    /// <summary>
    /// Segments inferred lost in the network (a fault, not a violation): captured and then lost after
    /// the capture point (the receiver went on as if they never came, or never answered them), or
    /// lost before it (new data starts beyond what the sender was seen to send).
    /// </summary>
    public int InferredLosses { get; internal init; }

    /// <summary>The losses of <see cref="InferredLosses"/> one by one, each with its evidence (the first 16).</summary>
    public System.Collections.Generic.IReadOnlyList<InferredLoss> Losses => LossArray ?? Array.Empty<InferredLoss>();

    internal InferredLoss[]? LossArray { private get; init; }

    /// <summary>The frame that shows the first loss: the lost segment itself, or for a loss before the capture point the segment after the gap (0: none).</summary>
    public long FirstInferredLossFrame { get; internal init; }

    /// <summary>
    /// The first finding about timing: a SYN or SYN,ACK retransmitted sooner or later than the
    /// checker's <see cref="TimingProfile"/> allows, data or a FIN later than its retransmission timer
    /// allows, or TIME-WAIT ended sooner than 2·MSL. A finding of its own kind (the verdict does not
    /// change). <c>default</c>: none.
    /// </summary>
    public TimingFinding Timing { get; internal init; }

    /// <summary>A second explanation the capture does not rule out, with its final states (<c>default</c>: none).</summary>
    public AlternativeExplanation Alternative { get; internal init; }

    /// <summary>The side that sent the first SYN.</summary>
    public TcpEndpoint Client => Connection.Client;

    /// <summary>The other side.</summary>
    public TcpEndpoint Server => Connection.Server;

    /// <summary>Valid, incomplete or invalid.</summary>
    public CheckVerdict Verdict { get; internal init; }

    /// <summary>The 1-based frame number of the first violation, 0 when there is none.</summary>
    public long ViolationFrame { get; internal init; }

    /// <summary>The first violation, <see cref="TcpViolation.None"/> when there is none.</summary>
    public TcpViolation Violation { get; internal init; }

    /// <summary>The rule the first violation breaks (meaningful only for an invalid connection).</summary>
    public TcpRule Rule { get; internal init; }

    /// <summary>The rule's source (RFC section), or null when there is no violation.</summary>
    public string? RuleSource => Verdict == CheckVerdict.Invalid ? TcpRules.Source(Rule) : null;

    /// <summary>The explanation of the first violation (English); for an incomplete connection that could not be replayed (no SYN in the capture), why; otherwise null.</summary>
    public string? Message { get; internal init; }

    internal string? MessageChinese { private get; init; }

    /// <summary><see cref="Message"/> in <paramref name="language"/> (from the same rule catalogue as the model's and the grader's explanations).</summary>
    [Pure]
    public string? MessageIn(TcpLanguage language) => language == TcpLanguage.Chinese ? MessageChinese ?? Message : Message;

    /// <summary>The client's state in the model after the whole capture (or at the violation).</summary>
    public TcpState ClientState { get; internal init; }

    /// <summary>The server's state in the model after the whole capture (or at the violation).</summary>
    public TcpState ServerState { get; internal init; }

    /// <summary>Zeek's conn_state with checksums ignored (<c>zeek -C</c>).</summary>
    public ZeekConnState ZeekState { get; internal init; }

    /// <summary>Zeek's history with checksums ignored (<c>zeek -C</c>).</summary>
    public string ZeekHistory { get; internal init; }

    /// <summary>Zeek's conn_state by default (bad-checksum segments counted as <c>C</c>/<c>c</c> and dropped).</summary>
    public ZeekConnState ZeekStateWithChecksums { get; internal init; }

    /// <summary>Zeek's history by default (bad-checksum segments counted as <c>C</c>/<c>c</c> and dropped).</summary>
    public string ZeekHistoryWithChecksums { get; internal init; }

    /// <summary>Wireshark's <c>tcp.completeness</c>.</summary>
    public int Completeness { get; internal init; }

    /// <summary>Segments whose checksum was wrong (usually offload on the capturing host: reported, not a violation).</summary>
    public long BadChecksums { get; internal init; }

    /// <summary>For example <c>127.0.0.1:40000 → 127.0.0.1:80 valid TIME-WAIT/CLOSED SF ShADadFf 31</c>.</summary>
    public override string ToString() => FormattableString.Invariant(
        $"{Client} → {Server} {CheckReport.VerdictName(Verdict)} {ClientState.ToRfcName()}/{ServerState.ToRfcName()} {ZeekState} {ZeekHistory} {Completeness}");
}
