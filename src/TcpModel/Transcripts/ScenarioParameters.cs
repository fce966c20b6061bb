namespace TcpModel.Transcripts;

/// <summary>The parameters of a <see cref="TranscriptScenario"/>. Immutable; thread-safe.</summary>
public sealed class ScenarioParameters
{
    /// <summary>x = 1000, y = 5000, 100 bytes of data, English titles, RFC 9293 settings.</summary>
    public static ScenarioParameters Default { get; } = new();

    /// <summary>The client's initial sequence number (x).</summary>
    public SeqNum ClientIsn { get; init; } = new SeqNum(1000);

    /// <summary>The server's initial sequence number (y).</summary>
    public SeqNum ServerIsn { get; init; } = new SeqNum(5000);

    /// <summary>Bytes of data where the scenario sends data (each scenario says where); 0 sends none.</summary>
    public int DataLength { get; init; } = 100;

    /// <summary>The language of section titles.</summary>
    public TranscriptLanguage Language { get; init; } = TranscriptLanguage.English;

    /// <summary>The endpoints' settings (MSL, delayed ACK, RFC 5961, ...).</summary>
    public TcpSettings Settings { get; init; } = TcpSettings.Rfc9293;
}
