namespace TcpModel.Analysis;

/// <summary>
/// A second explanation of a connection that the capture does not rule out, with the final states it
/// gives: the checker names it rather than pick one silently. Two kinds: an end that, before a pure ACK
/// beyond what it was seen to send, sent unseen data and its FIN (the explanation taken) or data only;
/// and, away from the capture point, the next explanation of a segment that the replay kept alive
/// beside the one taken (other losses, other arrivals) when no later segment ruled it out and it
/// leaves an end in another state.
/// </summary>
/// <remarks>Immutable value type; thread-safe. <c>default</c>: none.</remarks>
public readonly struct AlternativeExplanation
{
    private readonly string? _chinese;

    internal AlternativeExplanation(long frame, TcpState clientState, TcpState serverState, string english, string chinese)
    {
        Frame = frame;
        ClientState = clientState;
        ServerState = serverState;
        Message = english;
        _chinese = chinese;
    }

    /// <summary>Whether there is one.</summary>
    public bool Exists => Message is not null;

    /// <summary>The frame where the two part (0: none).</summary>
    public long Frame { get; }

    /// <summary>The client's final state in this explanation.</summary>
    public TcpState ClientState { get; }

    /// <summary>The server's final state in this explanation.</summary>
    public TcpState ServerState { get; }

    /// <summary>Both explanations, in English (null: none).</summary>
    public string? Message { get; }

    /// <summary><see cref="Message"/> in <paramref name="language"/>.</summary>
    [Pure]
    public string? MessageIn(TcpLanguage language) => language == TcpLanguage.Chinese ? _chinese ?? Message : Message;
}
