using System;
using System.Collections.Generic;
using System.Linq;
using TcpModel.Transcripts;

namespace TcpModel.Grading;

/// <summary>
/// One generated handshake/teardown exercise (see <see cref="ExerciseGenerator"/>): what the student is
/// given, the answer key as transcripts recorded from the model, and both as Markdown.
/// </summary>
/// <remarks>
/// <para>The key is numeric (<see cref="KeySections"/>, <see cref="Key"/>) and symbolized with the
/// textbook's letters (<see cref="SymbolicKeySections"/>, with <see cref="Bindings"/> to bind them back).
/// <see cref="KeyMarkdown"/> parses back with <see cref="TranscriptParser.TryParse"/> to
/// <see cref="SymbolicKeySections"/> (symbolic style) or <see cref="KeySections"/> (numeric style).</para>
/// Immutable; thread-safe.
/// </remarks>
public sealed class Exercise
{
    private readonly Transcript[] _keySections, _symbolicKeySections;

    internal Exercise(int seed, ExerciseOptions options, ExerciseFeatures features, TcpSettings settings, SeqNum clientIsn, SeqNum serverIsn,
        int dataLength, Side closer, int halfCloseDataLength, ExerciseLoss loss, IReadOnlyList<Transcript> keySections,
        TcpState clientEndState, TcpState serverEndState, TimeSpan? retransmissionDelay)
    {
        Seed = seed;
        Options = options;
        Settings = settings;
        ClientIsn = clientIsn;
        ServerIsn = serverIsn;
        DataLength = dataLength;
        Closer = closer;
        HalfCloseDataLength = halfCloseDataLength;
        Loss = loss;
        ClientEndState = clientEndState;
        ServerEndState = serverEndState;
        RetransmissionDelay = retransmissionDelay;
        _keySections = keySections.ToArray();
        Key = new Transcript(_keySections.SelectMany(s => s.Steps), _keySections[0].InitialClient, _keySections[0].InitialServer);
        Features = features | (Wraps(Key, clientIsn, serverIsn) ? ExerciseFeatures.WrapAround : ExerciseFeatures.None);
        Transcript symbolic = Key.Symbolize(out IReadOnlyDictionary<char, SeqNum> bindings);
        Bindings = bindings;
        SymbolicKey = symbolic;
        _symbolicKeySections = new Transcript[_keySections.Length];
        for (int i = 0, start = 0; i < _keySections.Length; start += _keySections[i].Steps.Count, i++)
            _symbolicKeySections[i] = symbolic.Slice(start, _keySections[i].Steps.Count, _keySections[i].Title);
        TimeWaitSide = _keySections[^1].Steps[^1].ClientAfter == TcpState.TimeWait ? Side.Client : Side.Server;
        QuestionMarkdown = ExerciseMarkdown.Question(this);
        KeyMarkdown = ExerciseMarkdown.Key(this);
    }

    /// <summary>The seed the exercise was generated from.</summary>
    public int Seed { get; }

    /// <summary>The options it was generated with.</summary>
    public ExerciseOptions Options { get; }

    /// <summary>The features this exercise has (a subset of <see cref="ExerciseOptions.Features"/>).</summary>
    public ExerciseFeatures Features { get; }

    /// <summary>Both endpoints' settings: <see cref="TcpSettings.Linux"/> for a three-segment close, <see cref="TcpSettings.Rfc9293"/> otherwise.</summary>
    public TcpSettings Settings { get; }

    /// <summary>The client's initial sequence number (the textbook's x).</summary>
    public SeqNum ClientIsn { get; }

    /// <summary>The server's initial sequence number (the textbook's y).</summary>
    public SeqNum ServerIsn { get; }

    /// <summary>Bytes the client sends: on the third handshake segment when <see cref="Features"/> has <see cref="ExerciseFeatures.DataOnHandshake"/>, after the handshake otherwise; 0 for none.</summary>
    public int DataLength { get; }

    /// <summary>The side that closes first.</summary>
    public Side Closer { get; }

    /// <summary>The side that closes second (it passes through CLOSE-WAIT).</summary>
    public Side SecondCloser => Closer == Side.Client ? Side.Server : Side.Client;

    /// <summary>Bytes the side in CLOSE-WAIT sends before it closes (half-close); 0 for none.</summary>
    public int HalfCloseDataLength { get; }

    /// <summary>The segment lost once, if any.</summary>
    public ExerciseLoss Loss { get; }

    /// <summary>How long after the lost segment its retransmission was sent (the RTO, RFC 6298 §2.1); null without a loss.</summary>
    public TimeSpan? RetransmissionDelay { get; }

    /// <summary>The side in TIME-WAIT after the last segment (the one that closed first).</summary>
    public Side TimeWaitSide { get; }

    /// <summary>How long TIME-WAIT lasts: 2·MSL (RFC 9293 §3.10.8).</summary>
    public TimeSpan TimeWait => Settings.Msl * 2;

    /// <summary>The client's state in the model once the TIME-WAIT timer has expired (CLOSED).</summary>
    public TcpState ClientEndState { get; }

    /// <summary>The server's state in the model once the TIME-WAIT timer has expired (CLOSED).</summary>
    public TcpState ServerEndState { get; }

    /// <summary>The answer key with numbers, one transcript per table (handshake, data transfer if any, teardown).</summary>
    public IReadOnlyList<Transcript> KeySections => _keySections;

    /// <summary>The whole answer key with numbers, as one transcript (the sections' steps in order).</summary>
    public Transcript Key { get; }

    /// <summary>The answer key with the textbook's letters (x, y, u, v, w), lettered as one exchange, one transcript per table.</summary>
    public IReadOnlyList<Transcript> SymbolicKeySections => _symbolicKeySections;

    /// <summary>The whole answer key with the textbook's letters.</summary>
    public Transcript SymbolicKey { get; }

    /// <summary>The numbers of the letters of <see cref="SymbolicKey"/> (bind them back with <see cref="Transcript.TryBind"/>).</summary>
    public IReadOnlyDictionary<char, SeqNum> Bindings { get; }

    /// <summary>The question: the given values, the tables with blanks to fill in, and the instructions (Markdown).</summary>
    public string QuestionMarkdown { get; }

    /// <summary>The answer key (Markdown): the tables of <see cref="TranscriptRenderer"/>, which <see cref="TranscriptParser.TryParse"/> reads back.</summary>
    public string KeyMarkdown { get; }

    /// <summary>Whether a value of the exchange passes 2^32 - 1 and wraps (RFC 9293 §3.4): it is then below its sequence space's ISN.</summary>
    private static bool Wraps(Transcript key, SeqNum clientIsn, SeqNum serverIsn)
    {
        SeqNum Isn(Side side) => side == Side.Client ? clientIsn : serverIsn;
        foreach (TranscriptStep s in key.Steps)
        {
            if (s.Segment.Seq.Value.Value < Isn(s.Sender).Value) return true;
            if (s.Segment.HasAck && s.Segment.Ack.Value.Value < Isn(s.Receiver).Value) return true;
        }
        return false;
    }
}
