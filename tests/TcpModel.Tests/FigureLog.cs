using System.Collections.Generic;
using System.Globalization;
using System.Text;
using TcpModel.Drivers;

namespace TcpModel.Tests;

/// <summary>
/// Records a driven exchange in the notation of RFC 9293's figures
/// (<c>SYN-SENT --&gt; &lt;SEQ=100&gt;&lt;CTL=SYN&gt; --&gt; SYN-RECEIVED</c>) for snapshot tests.
/// </summary>
public sealed class FigureLog
{
    private readonly StringBuilder _text = new();
    private int _line;

    public FigureLog(string title)
    {
        _text.Append("# ").Append(title).Append('\n');
        _text.Append("    TCP Peer A                                                TCP Peer B\n");
    }

    public TcpPair Pair { get; private set; }

    public FigureLog Start(TcpPair pair, string? noteA = null, string? noteB = null)
    {
        Pair = pair;
        Row(noteA ?? pair.A.State.ToRfcName(), "", noteB ?? pair.B.State.ToRfcName());
        return this;
    }

    /// <summary>Applies a user call or timer; the segments it sends are logged as they are sent ("..." = in flight).</summary>
    public TcpPairStep Do(TcpSide side, TcpEvent e, string? label = null)
    {
        TcpPairStep step = Pair.Apply(side, e);
        int before = Pair.InFlightCount;
        Pair = step.Pair;
        if (label != null) Row(side == TcpSide.A ? "(" + label + ")" : "", "", side == TcpSide.B ? "(" + label + ")" : "");
        for (int i = before; i < Pair.InFlightCount; i++) Sent(side, Pair.InFlight(i), step.Transition.State);
        if (step.Transition.Segments.IsEmpty && step.Transition.StateChanged)
            Row(side == TcpSide.A ? State(TcpSide.A) : "", "", side == TcpSide.B ? State(TcpSide.B) : "");
        return step;
    }

    /// <summary>Delivers the next segment: logs its arrival with the receiver's new state, then what it sends.</summary>
    public TcpPairStep Deliver()
    {
        Pair.TryDeliverNext(out TcpPairStep step);
        int before = Pair.InFlightCount - 1;
        Pair = step.Pair;
        TcpSide to = step.Side;
        string seg = Notation(step.Event.Segment);
        if (to == TcpSide.B) Row("", "... " + seg + " -->", State(TcpSide.B));
        else Row(State(TcpSide.A), "<-- " + seg + " ...", "");
        for (int i = before; i < Pair.InFlightCount; i++) Sent(to, Pair.InFlight(i), step.Transition.State);
        return step;
    }

    public FigureLog DeliverAll()
    {
        while (!Pair.IsQuiet) Deliver();
        return this;
    }

    public TcpPairStep Drop()
    {
        TcpPairStep step = Pair.DropNext();
        Pair = step.Pair;
        string seg = Notation(step.Event.Segment);
        Row("", step.Side == TcpSide.B ? "... " + seg + " (lost/delayed)" : "(lost/delayed) " + seg + " ...", "");
        return step;
    }

    public FigureLog Inject(TcpSide to, TcpSegment seg, string note)
    {
        Pair = Pair.Inject(to, seg);
        Row("", "(" + note + ")", "");
        Row("", to == TcpSide.B ? "... " + Notation(seg) + " ..." : "... " + Notation(seg) + " ...", "");
        return this;
    }

    public FigureLog Replace(TcpSide side, TcpConnection c, string note)
    {
        Pair = Pair.With(side, c);
        Row(side == TcpSide.A ? "(" + note + ")" : "", "", side == TcpSide.B ? "(" + note + ")" : "");
        return this;
    }

    /// <summary>Moves the clock to <paramref name="at"/> and fires every timer due then, logging what they send.</summary>
    public TcpPairStep Timer(System.TimeSpan at, string label)
    {
        Pair = Pair.AdvanceTo(at);
        Row("(" + label + ")", "", "");
        TcpPairStep last = default;
        while (true)
        {
            int before = Pair.InFlightCount;
            if (!Pair.TryFireTimer(out TcpPairStep step)) return last;
            Pair = step.Pair;
            last = step;
            for (int i = before; i < Pair.InFlightCount; i++) Sent(step.Side, Pair.InFlight(i), step.Transition.State);
            if (step.Transition.Segments.IsEmpty && step.Transition.StateChanged)
                Row(step.Side == TcpSide.A ? State(TcpSide.A) : "", "", step.Side == TcpSide.B ? State(TcpSide.B) : "");
        }
    }

    public FigureLog Note(string a, string b)
    {
        Row(a, "", b);
        return this;
    }

    private void Sent(TcpSide from, TcpSegment s, TcpState state)
    {
        string seg = Notation(s);
        if (from == TcpSide.A) Row(state.ToRfcName(), "--> " + seg + " ...", "");
        else Row("", "... " + seg + " <--", state.ToRfcName());
    }

    private string State(TcpSide side) => Pair[side].State.ToRfcName();

    private void Row(string a, string middle, string b)
    {
        _line++;
        _text.Append(string.Format(CultureInfo.InvariantCulture, "{0,2}. {1,-13} {2,-44} {3}", _line, a, middle, b).TrimEnd()).Append('\n');
    }

    /// <summary>RFC 9293 figure notation: &lt;SEQ=100&gt;&lt;ACK=301&gt;&lt;CTL=SYN,ACK&gt;&lt;DATA=10&gt;.</summary>
    public static string Notation(TcpSegment s)
    {
        var b = new StringBuilder();
        b.Append("<SEQ=").Append(s.Seq.Value.ToString(CultureInfo.InvariantCulture)).Append('>');
        if (s.IsAck) b.Append("<ACK=").Append(s.Ack.Value.ToString(CultureInfo.InvariantCulture)).Append('>');
        b.Append("<CTL=").Append((s.Flags & ~TcpFlags.Psh).ToDisplayString()).Append('>');
        if (s.PayloadLength > 0) b.Append("<DATA=").Append(s.PayloadLength.ToString(CultureInfo.InvariantCulture)).Append('>');
        return b.ToString();
    }

    public override string ToString() => _text.ToString();
}
