using System;
using System.Collections.Generic;
using System.Linq;
using TcpModel.Drivers;
using TcpModel.Transcripts;

namespace TcpModel.Grading;

/// <summary>
/// Generates handshake/teardown exercises with answer keys for a TCP course: from a seed, the ISNs,
/// the data, who closes first, the half-close data, a lost segment and the kind of close; the
/// exchange itself is then run on the model (<see cref="TcpPair"/> recorded by
/// <see cref="TranscriptRecorder"/>), so every number of the key comes from RFC 9293's rules.
/// </summary>
/// <remarks>
/// <para>The seed decides everything through the library's own SplitMix64 generator, so a seed gives
/// the same exercise, byte for byte, on every runtime and version of .NET. Every random draw is made
/// in a fixed order whatever the options, so leaving a feature out of
/// <see cref="ExerciseOptions.Features"/> changes only that feature (and what depends on it).</para>
/// <para>What the seed chooses:</para>
/// <list type="bullet">
/// <item>the ISNs x and y; in about one exercise in three one of them lies so close to 2^32
/// that a value of the exchange wraps to 0 (<see cref="ExerciseFeatures.WrapAround"/>);</item>
/// <item>the client's data, 0 to <see cref="ExerciseOptions.MaxDataLength"/> bytes, after the handshake
/// or on its third segment (<see cref="ExerciseFeatures.DataOnHandshake"/>);</item>
/// <item>who closes first (<see cref="ExerciseFeatures.ServerClosesFirst"/>) and the data the other
/// side sends in CLOSE-WAIT (<see cref="ExerciseFeatures.HalfCloseData"/>);</item>
/// <item>a data segment or FIN lost once and sent again by the retransmission timer (<see cref="ExerciseFeatures.Loss"/>);</item>
/// <item>the three-segment close FIN / FIN+ACK / ACK of the Linux profile's delayed ACKs
/// (<see cref="ExerciseFeatures.ThreeSegmentClose"/>; then no half-close data).</item>
/// </list>
/// <para>Thread-safe.</para>
/// </remarks>
public static class ExerciseGenerator
{
    /// <summary>The client's port.</summary>
    public const ushort ClientPort = 40000;

    /// <summary>The server's (listening) port.</summary>
    public const ushort ServerPort = 80;

    /// <summary>Generates the exercise of <paramref name="seed"/>.</summary>
    /// <param name="seed">Any integer; the same seed and options give the same exercise.</param>
    /// <param name="options">Allowed features, data length, language and value style; <see cref="ExerciseOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ExerciseOptions.MaxDataLength"/> is negative or above <see cref="ExerciseOptions.MaxSegmentData"/>,
    /// or <see cref="ExerciseOptions.Features"/>, <see cref="ExerciseOptions.Language"/> or <see cref="ExerciseOptions.Style"/> is not a defined value.</exception>
    public static Exercise Generate(int seed, ExerciseOptions? options = null)
    {
        options ??= ExerciseOptions.Default;
        if (options.MaxDataLength < 0 || options.MaxDataLength > ExerciseOptions.MaxSegmentData)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDataLength, "MaxDataLength must be between 0 and " + ExerciseOptions.MaxSegmentData + " (one segment).");
        if ((options.Features & ~ExerciseFeatures.All) != 0) throw new ArgumentOutOfRangeException(nameof(options), options.Features, "Unknown exercise feature.");
        if (options.Language is not (TranscriptLanguage.English or TranscriptLanguage.Chinese)) throw new ArgumentOutOfRangeException(nameof(options), options.Language, "Unknown language.");
        if (options.Style is not (SeqStyle.Symbolic or SeqStyle.Numeric)) throw new ArgumentOutOfRangeException(nameof(options), options.Style, "Unknown value style.");
        return new Plan(seed, options).Run();
    }

    /// <summary>The seed's choices, then the exchange on the model.</summary>
    private sealed class Plan
    {
        private const int Unbounded = 1 << 30;
        private readonly int _seed;
        private readonly ExerciseOptions _options;
        private readonly ExerciseFeatures _features;
        private readonly SeqNum _clientIsn, _serverIsn;
        private readonly int _data, _halfClose;
        private readonly Side _closer;
        private readonly ExerciseLoss _loss;
        private readonly TcpSettings _settings;
        private TimeSpan? _lostAt, _resentAt;

        public Plan(int seed, ExerciseOptions options)
        {
            _seed = seed;
            _options = options;
            ExerciseFeatures allowed = options.Features;
            bool Allowed(ExerciseFeatures f) => (allowed & f) != 0;
            var rng = new ExerciseRandom(seed);

            // Every draw, in this order, whatever the options.
            int wrapRoll = rng.Below(10);                     // 0-6: no wrap; 7, 8: the client's ISN; 9: the server's
            uint clientRaw = rng.NextUInt32(), serverRaw = rng.NextUInt32();
            int clientWrapRoll = rng.Below(Unbounded), serverWrapRoll = rng.Below(Unbounded);
            bool noData = rng.Percent(20);
            int dataRoll = rng.Below(Unbounded);
            bool onHandshake = rng.Percent(35);
            bool serverFirst = rng.Percent(40);
            bool threeSegments = rng.Percent(30);
            bool noHalfClose = rng.Percent(45);
            int halfCloseRoll = rng.Below(Unbounded);
            bool lose = rng.Percent(50);
            int lossRoll = rng.Below(Unbounded);

            int max = options.MaxDataLength;
            _data = noData || max == 0 ? 0 : 1 + dataRoll % max;
            onHandshake &= _data > 0 && Allowed(ExerciseFeatures.DataOnHandshake);
            serverFirst &= Allowed(ExerciseFeatures.ServerClosesFirst);
            threeSegments &= Allowed(ExerciseFeatures.ThreeSegmentClose);
            _halfClose = noHalfClose || threeSegments || max == 0 || !Allowed(ExerciseFeatures.HalfCloseData) ? 0 : 1 + halfCloseRoll % max;
            _closer = serverFirst ? Side.Server : Side.Client;

            var candidates = new List<ExerciseLoss>();
            if (_data > 0 && !onHandshake) candidates.Add(ExerciseLoss.Data);
            candidates.Add(ExerciseLoss.FirstFin);
            if (_halfClose > 0) candidates.Add(ExerciseLoss.HalfCloseData);
            if (!threeSegments) candidates.Add(ExerciseLoss.SecondFin); // a lost FIN+ACK would make both FINs retransmit
            _loss = lose && Allowed(ExerciseFeatures.Loss) ? candidates[lossRoll % candidates.Count] : ExerciseLoss.None;

            // The sequence numbers each side's values run over: SYN, data, FIN, and the ACK of the FIN one beyond.
            int clientSpan = 1 + _data + (_closer == Side.Server ? _halfClose : 0) + 1;
            int serverSpan = 1 + (_closer == Side.Client ? _halfClose : 0) + 1;
            bool wrap = Allowed(ExerciseFeatures.WrapAround);
            _clientIsn = Isn(wrap && wrapRoll is 7 or 8, clientRaw, clientWrapRoll, clientSpan);
            _serverIsn = Isn(wrap && wrapRoll is 9, serverRaw, serverWrapRoll, serverSpan);

            _settings = threeSegments ? TcpSettings.Linux : TcpSettings.Rfc9293;
            _features = (onHandshake ? ExerciseFeatures.DataOnHandshake : 0) | (serverFirst ? ExerciseFeatures.ServerClosesFirst : 0)
                | (_halfClose > 0 ? ExerciseFeatures.HalfCloseData : 0) | (_loss != ExerciseLoss.None ? ExerciseFeatures.Loss : 0)
                | (threeSegments ? ExerciseFeatures.ThreeSegmentClose : 0);
        }

        /// <summary>
        /// An ISN 2^32 - 1 - k with k below <paramref name="span"/>, so that the last value of the side's
        /// sequence space (ISN + span) is past 2^32 - 1; otherwise any ISN at least 2^16 below 2^32 (no wrap).
        /// </summary>
        private static SeqNum Isn(bool wrap, uint raw, int wrapRoll, int span) =>
            wrap ? new SeqNum(uint.MaxValue - (uint)(wrapRoll % span)) : new SeqNum(raw % (uint.MaxValue - 0xFFFF));

        private bool ThreeSegments => (_features & ExerciseFeatures.ThreeSegmentClose) != 0;

        private string T(string english, string chinese) => _options.Language == TranscriptLanguage.Chinese ? chinese : english;

        public Exercise Run()
        {
            Side other = _closer == Side.Client ? Side.Server : Side.Client;
            bool onHandshake = (_features & ExerciseFeatures.DataOnHandshake) != 0;
            string title = onHandshake ? T("Three-way handshake with data", "三次握手（第三个报文段携带数据）") : T("Three-way handshake", "三次握手");
            var r = new TranscriptRecorder(TcpPair.ClientServer(ClientPort, ServerPort, _serverIsn, _settings), title);
            r.Do(Side.Client, TcpEvent.OpenActive(_clientIsn));
            // SEND before ESTABLISHED queues the data (RFC 9293 §3.10.2); it leaves with the third segment.
            if (onHandshake) r.Do(Side.Client, TcpEvent.Send(_data));
            Settle(r.DeliverAll());
            if (_data > 0 && !onHandshake)
            {
                r.Section(T("Data transfer", "数据传送"));
                Settle(Transmit(r, Side.Client, TcpEvent.Send(_data), _loss == ExerciseLoss.Data));
            }

            r.Section(ThreeSegments ? T("Three-segment close", "三报文段关闭") : T("Four-way teardown", "四次挥手"));
            Transmit(r, _closer, TcpEvent.Close(), _loss == ExerciseLoss.FirstFin);
            // In the three-segment close the ACK of the FIN is still delayed when the other side closes:
            // it rides on that side's FIN (RFC 9293 §3.8.6.3). Otherwise it has gone already.
            if (!ThreeSegments) Settle(r);
            if (_halfClose > 0) Settle(Transmit(r, other, TcpEvent.Send(_halfClose), _loss == ExerciseLoss.HalfCloseData));
            Settle(Transmit(r, other, TcpEvent.Close(), _loss == ExerciseLoss.SecondFin));

            IReadOnlyList<Transcript> sections = r.ToSections();
            // TIME-WAIT lasts 2·MSL (RFC 9293 §3.10.8); the timer sends nothing, so the key does not change.
            r.AdvanceTo(r.Pair.Now + _settings.Msl * 2);
            TcpState clientEnd = r.Pair.A.State, serverEnd = r.Pair.B.State;
            Check(sections, r.ToSections(), clientEnd, serverEnd);
            TimeSpan? delay = _lostAt is { } lost && _resentAt is { } resent ? resent - lost : null;
            return new Exercise(_seed, _options, _features, _settings, _clientIsn, _serverIsn, _data, _closer, _halfClose, _loss, sections, clientEnd, serverEnd, delay);
        }

        /// <summary>A user call and what it sends, delivered; with <paramref name="lose"/> its segment is lost and the sender's retransmission timer sends it again (RFC 6298 §5).</summary>
        private TranscriptRecorder Transmit(TranscriptRecorder r, Side side, TcpEvent call, bool lose)
        {
            r.Do(side, call);
            if (lose)
            {
                TcpSide sender = side == Side.Client ? TcpSide.A : TcpSide.B;
                _lostAt = r.Pair.Now;
                r.Drop();
                TimeSpan due = r.Pair[sender].NextDeadline ?? throw new InvalidOperationException("No retransmission timer runs after the loss.");
                r.AdvanceTo(due);
                _resentAt = due;
            }
            return r.DeliverAll();
        }

        /// <summary>Lets due delayed ACKs go (RFC 9293 §3.8.6.3) and delivers them: nothing owed, nothing in flight.</summary>
        private TranscriptRecorder Settle(TranscriptRecorder r)
        {
            for (int guard = 0; guard < 16 && r.Pair.NextDeadline is { } due && due <= r.Pair.Now + _settings.DelayedAckTimeout; guard++)
                r.AdvanceTo(due).DeliverAll();
            return r;
        }

        /// <summary>What every exercise must be: a table row per segment sent and received (or lost), both ends CLOSED in the end.</summary>
        private static void Check(IReadOnlyList<Transcript> key, IReadOnlyList<Transcript> afterTimeWait, TcpState clientEnd, TcpState serverEnd)
        {
            if (clientEnd != TcpState.Closed || serverEnd != TcpState.Closed)
                throw new InvalidOperationException("The exchange does not end with both sides CLOSED: client " + clientEnd.ToRfcName() + ", server " + serverEnd.ToRfcName() + ".");
            if (!key.SequenceEqual(afterTimeWait)) throw new InvalidOperationException("The TIME-WAIT timeout sent a segment.");
            if (key.SelectMany(t => t.Steps).Any(s => s.Delivery is TranscriptDelivery.Sent or TranscriptDelivery.Arrived))
                throw new InvalidOperationException("Segments crossed in the exchange; an exercise table shows one segment per row.");
        }
    }
}
