using System.Collections.Generic;

namespace TcpModel.Transcripts;

/// <summary>
/// The textbook's named points (x, y, u, v, w) of a transcript; the rules are documented on
/// <see cref="Transcript.Symbolize(out IReadOnlyDictionary{char, SeqNum})"/>.
/// </summary>
internal sealed class SeqLettering
{
    private readonly List<(char Letter, Side Side, SeqNum Value, int Step)> _points = new();
    private readonly Dictionary<char, SeqNum> _bindings = new();

    public IReadOnlyDictionary<char, SeqNum> Bindings => _bindings;

    public static SeqLettering From(Transcript transcript)
    {
        var l = new SeqLettering();
        Side? closer = null;
        int firstFin = -1;
        bool otherSpoke = false;
        for (int i = 0; i < transcript.Steps.Count; i++)
        {
            TranscriptStep step = transcript.Steps[i];
            TranscriptSegment seg = step.Segment;
            // An arriving segment was named when it was sent (or is an old duplicate, not part of this exchange).
            if (seg.Seq.IsSymbolic || step.Delivery == TranscriptDelivery.Arrived) continue;
            SeqNum seq = seg.Seq.Value;
            bool syn = (seg.Flags & TcpFlags.Syn) != 0, fin = (seg.Flags & TcpFlags.Fin) != 0;
            if (syn) l.Add(step.Sender == Side.Client ? 'x' : 'y', step.Sender, seq, i);
            if (closer is null)
            {
                if (fin)
                {
                    closer = step.Sender;
                    firstFin = i;
                    l.Add('u', step.Sender, seq, i);
                }
                continue;
            }
            if (step.Sender == closer || i == firstFin) continue;
            // The other side's first segment after the first FIN is v, unless it is its own FIN (w).
            if (!otherSpoke && !fin) l.Add('v', step.Sender, seq, i);
            otherSpoke = true;
            if (fin) l.Add('w', step.Sender, seq, i);
        }
        return l;
    }

    private void Add(char letter, Side side, SeqNum value, int step)
    {
        if (_bindings.ContainsKey(letter)) return; // a retransmission does not rename the point
        _bindings[letter] = value;
        _points.Add((letter, side, value, step));
    }

    /// <summary>The expression for <paramref name="value"/> in <paramref name="side"/>'s sequence space at step <paramref name="step"/>.</summary>
    public SeqExpr Name(SeqExpr value, Side side, int step)
    {
        if (value.IsSymbolic) return value;
        (char Letter, long Distance)? best = null;
        foreach (var p in _points)
        {
            if (p.Side != side || p.Step > step) continue;
            long d = value.Value.DistanceFrom(p.Value);
            // Points are in introduction order, so "<=" prefers the latest on a tie.
            if (best is null || System.Math.Abs(d) <= System.Math.Abs(best.Value.Distance)) best = (p.Letter, d);
        }
        return best is null ? value : SeqExpr.Symbolic(best.Value.Letter, best.Value.Distance);
    }
}
