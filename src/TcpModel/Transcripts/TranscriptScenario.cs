using System;
using System.Collections.Generic;

namespace TcpModel.Transcripts;

/// <summary>
/// A named exchange run on the model's two-endpoint driver (see <see cref="TranscriptScenarios"/>).
/// Immutable; thread-safe.
/// </summary>
public sealed class TranscriptScenario
{
    private readonly Func<ScenarioParameters, IReadOnlyList<Transcript>> _run;

    internal TranscriptScenario(string name, string english, string chinese, Func<ScenarioParameters, IReadOnlyList<Transcript>> run)
    {
        Name = name;
        English = english;
        Chinese = chinese;
        _run = run;
    }

    /// <summary>The name used on the command line, such as <c>handshake</c>.</summary>
    public string Name { get; }

    /// <summary>What the scenario shows, in English.</summary>
    public string English { get; }

    /// <summary>What the scenario shows, in Chinese.</summary>
    public string Chinese { get; }

    /// <summary>The description in <paramref name="language"/>.</summary>
    public string Describe(TranscriptLanguage language) => language == TranscriptLanguage.Chinese ? Chinese : English;

    /// <summary>Runs the scenario: one transcript per section (the handshake, then the teardown, ...), with numeric values.</summary>
    /// <param name="parameters">ISNs, data length, language of titles, settings; <see cref="ScenarioParameters.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The data length is negative or larger than the receive window.</exception>
    public IReadOnlyList<Transcript> Run(ScenarioParameters? parameters = null)
    {
        parameters ??= ScenarioParameters.Default;
        if (parameters.DataLength < 0 || parameters.DataLength > parameters.Settings.ReceiveWindow)
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.DataLength, "The data length must lie between 0 and the receive window.");
        return _run(parameters);
    }

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
