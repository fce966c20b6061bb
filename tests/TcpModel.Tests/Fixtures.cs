using System;
using System.Collections.Generic;
using TcpModel.Drivers;
using Xunit;

namespace TcpModel.Tests;

/// <summary>One delivered segment of an exchange, with both endpoints' states after it arrived.</summary>
public readonly record struct Delivered(TcpSide From, TcpSegment Segment, TcpState SenderState, TcpState ReceiverState, TcpRule ReceiverRule);

/// <summary>Fixtures and helpers that make a test read like a transcript (smoltcp style).</summary>
public static class Fixtures
{
    public const ushort ClientPort = 40000;
    public const ushort ServerPort = 80;
    public static readonly TimeSpan T0 = TimeSpan.Zero;

    public static TcpSettings Rfc => TcpSettings.Rfc9293;

    /// <summary>A client in CLOSED and a server in LISTEN.</summary>
    public static TcpPair NewPair(uint serverIss, TcpSettings? settings = null) =>
        TcpPair.ClientServer(ClientPort, ServerPort, serverIss, settings ?? Rfc);

    public static TcpPair Do(this TcpPair pair, TcpSide side, TcpEvent e, List<Delivered>? log = null)
    {
        TcpPairStep step = pair.Apply(side, e);
        Assert.Equal(TcpError.None, step.Transition.Error);
        return step.Pair;
    }

    /// <summary>Delivers everything in flight, in order, recording each arrival.</summary>
    public static TcpPair Drain(this TcpPair pair, List<Delivered> log, int limit = 100)
    {
        while (pair.TryDeliverNext(out TcpPairStep step))
        {
            if (--limit == 0) throw new InvalidOperationException("The exchange does not settle.");
            TcpSide from = step.Side == TcpSide.A ? TcpSide.B : TcpSide.A;
            log.Add(new Delivered(from, step.Event.Segment, step.Pair[from].State, step.Pair[step.Side].State, step.Transition.Rule));
            pair = step.Pair;
        }
        return pair;
    }

    /// <summary>Delivers exactly the next segment and returns the step.</summary>
    public static TcpPairStep DeliverOne(this TcpPair pair)
    {
        Assert.True(pair.TryDeliverNext(out TcpPairStep step), "expected a segment in flight");
        return step;
    }

    /// <summary>Handshake completed; returns the pair with both ESTABLISHED.</summary>
    public static TcpPair Established(uint x, uint y, TcpSettings? settings = null)
    {
        var log = new List<Delivered>();
        TcpPair p = NewPair(y, settings).Do(TcpSide.A, TcpEvent.OpenActive(x)).Drain(log);
        Assert.Equal(TcpState.Established, p.A.State);
        Assert.Equal(TcpState.Established, p.B.State);
        return p;
    }

    public static void AssertSegment(TcpSegment s, TcpFlags flags, uint seq, uint? ack = null, int len = 0)
    {
        Assert.Equal(flags, s.Flags & ~TcpFlags.Psh);
        Assert.Equal(seq, s.Seq.Value);
        if (ack is uint a) Assert.Equal(a, s.Ack.Value);
        Assert.Equal(len, s.PayloadLength);
    }

    public static uint P(uint x, long plus) => unchecked((uint)(x + plus));
}

/// <summary>Connections in every state, reached by driving the model (never built by hand).</summary>
public static class States
{
    public const uint X = 1000, Y = 5000;

    /// <summary>An endpoint in <paramref name="state"/> and the pair it lives in (side A unless noted).</summary>
    public static (TcpPair Pair, TcpSide Side) Reach(TcpState state, TcpSettings? settings = null)
    {
        var log = new List<Delivered>();
        TcpPair p = Fixtures.NewPair(Y, settings);
        switch (state)
        {
            case TcpState.Closed: return (p, TcpSide.A);
            case TcpState.Listen: return (p, TcpSide.B);
            case TcpState.SynSent: return (p.Do(TcpSide.A, TcpEvent.OpenActive(X)), TcpSide.A);
            case TcpState.SynReceived: return (p.Do(TcpSide.A, TcpEvent.OpenActive(X)).DeliverOne().Pair, TcpSide.B);
        }
        p = Fixtures.Established(X, Y, settings);
        switch (state)
        {
            case TcpState.Established: return (p, TcpSide.A);
            case TcpState.FinWait1: return (p.Do(TcpSide.A, TcpEvent.Close()), TcpSide.A);
            case TcpState.FinWait2: return (p.Do(TcpSide.A, TcpEvent.Close()).Drain(log), TcpSide.A);
            case TcpState.CloseWait: return (p.Do(TcpSide.A, TcpEvent.Close()).Drain(log), TcpSide.B);
            case TcpState.Closing: return (p.Do(TcpSide.A, TcpEvent.Close()).Do(TcpSide.B, TcpEvent.Close()).DeliverOne().Pair, TcpSide.B);
            case TcpState.LastAck: return (p.Do(TcpSide.A, TcpEvent.Close()).Drain(log).Do(TcpSide.B, TcpEvent.Close()), TcpSide.B);
            case TcpState.TimeWait: return (p.Do(TcpSide.A, TcpEvent.Close()).Drain(log).Do(TcpSide.B, TcpEvent.Close()).Drain(log), TcpSide.A);
        }
        throw new ArgumentOutOfRangeException(nameof(state));
    }

    public static TcpConnection InState(TcpState state, TcpSettings? settings = null)
    {
        (TcpPair p, TcpSide side) = Reach(state, settings);
        Assert.Equal(state, p[side].State);
        return p[side];
    }

    /// <summary>A segment from the peer of <paramref name="c"/> with the given fields.</summary>
    public static TcpSegment From(TcpConnection c, SeqNum seq, SeqNum ack, TcpFlags flags, int len = 0, ushort window = 65535) =>
        new(c.RemotePort == 0 ? Fixtures.ClientPort : c.RemotePort, c.LocalPort, seq, ack, flags, window, len);

    /// <summary>The in-window acknowledgment a well-behaved peer would send now.</summary>
    public static TcpSegment PeerAck(TcpConnection c, int len = 0, TcpFlags extra = TcpFlags.None) =>
        From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack | extra, len);
}
