using System;
using System.Collections.Generic;
using System.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TcpModel.Analysis;
using TcpModel.Drivers;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>One user call or delivery in a random exchange between two model endpoints.</summary>
public sealed record ExchangeAction(int Kind, int Bytes)
{
    public override string ToString() => Kind switch
    {
        0 => $"A send {Bytes}", 1 => $"B send {Bytes}", 2 => "A close", 3 => "B close",
        4 => "deliver", 5 => "A receive", 6 => "B receive", 7 => "A abort", _ => "B abort",
    };
}

public static class ExchangeArbitraries
{
    public static Gen<ExchangeAction> Action =>
        from kind in Gen.Frequency(
            (3, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)),
            (12, Gen.Constant(4)), (2, Gen.Constant(5)), (2, Gen.Constant(6)), (1, Gen.Constant(7)), (1, Gen.Constant(8)))
        from bytes in Gen.Choose(1, 4000)
        select new ExchangeAction(kind, bytes);

    public static Arbitrary<ExchangeAction[]> Actions() => Gen.ArrayOf(Action).Resize(40).ToArbitrary();
}

/// <summary>
/// What two conforming endpoints (the model, over the TcpPair driver) send, written to a capture in
/// send order, is never judged invalid — whatever crosses in flight — and the checker's replay ends
/// in the endpoints' own states.
/// </summary>
[ScaledProperties(Arbitrary = new[] { typeof(ExchangeArbitraries) }, MaxTest = 300, Replay = "(4242,777)")]
public class CheckerProperties
{
    private static readonly InlineIPAddress AddressA = InlineIPAddress.FromIPv4(0x0A00_0001), AddressB = InlineIPAddress.FromIPv4(0x0A00_0002);

    internal static (TcpPair Pair, byte[] Capture) Record(ExchangeAction[] actions, uint clientIss, uint serverIss)
    {
        var ms = new MemoryStream();
        long t = 1_700_000_000_000_000_000;
        TcpPair pair = TcpPair.ClientServer(40000, 80, serverIss, TcpSettings.Rfc9293);
        using (var w = new PcapWriter(ms, LinkType.Raw, nanosecondResolution: true, leaveOpen: true))
        {
            void Log(TcpSide side, in TcpTransition tr)
            {
                foreach (TcpSegment s in tr.Segments)
                {
                    t += 10_000;
                    w.WriteSegment(t, side == TcpSide.A ? AddressA : AddressB, side == TcpSide.A ? AddressB : AddressA, s);
                }
            }
            TcpPairStep open = pair.Apply(TcpSide.A, TcpEvent.OpenActive(clientIss));
            Log(TcpSide.A, open.Transition);
            pair = open.Pair;
            foreach (ExchangeAction a in actions)
            {
                if (a.Kind == 4)
                {
                    if (pair.TryDeliverNext(out TcpPairStep d)) { Log(d.Side, d.Transition); pair = d.Pair; }
                    continue;
                }
                if (pair.InFlightCount > TcpPair.ChannelCapacity - 8) continue;
                TcpSide side = a.Kind is 0 or 2 or 5 or 7 ? TcpSide.A : TcpSide.B;
                // An ABORT that sends no RST (§3.10.5: CLOSING, LAST-ACK, TIME-WAIT, ...) leaves no trace
                // in a capture: no checker can follow it, so the exchange leaves it out.
                if (a.Kind >= 7 && pair[side].State is not (TcpState.SynReceived or TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait)) continue;
                TcpEvent e = a.Kind switch
                {
                    0 or 1 => TcpEvent.Send(a.Bytes),
                    2 or 3 => TcpEvent.Close(),
                    5 or 6 => TcpEvent.Receive(a.Bytes),
                    _ => TcpEvent.Abort(),
                };
                TcpPairStep step = pair.Apply(side, e);
                Log(side, step.Transition);
                pair = step.Pair;
            }
            for (int guard = 0; guard < 400 && pair.TryDeliverNext(out TcpPairStep d); guard++)
            {
                Log(d.Side, d.Transition);
                pair = d.Pair;
            }
        }
        return (pair, ms.ToArray());
    }

    [ScaledProperty]
    public void RandomExchange_FromTheModel_IsNeverInvalid(ExchangeAction[] actions)
    {
        (TcpPair pair, byte[] capture) = Record(actions, 1000, 0xFFFF_FF00);
        var checker = new CaptureChecker();
        Assert.True(checker.TryCheck(new MemoryStream(capture), out CheckReport report, out WireError error), error.ToString());
        Assert.Single(report.Connections);
        ConnectionCheck c = report.Connections[0];
        Assert.True(c.Verdict != CheckVerdict.Invalid, $"frame {c.ViolationFrame}: {c.Message}");
        Assert.Equal(Seen(pair.A.State), Seen(c.ClientState));
        Assert.Equal(Seen(pair.B.State), Seen(c.ServerState));
        bool ended = (pair.A.State is TcpState.Closed or TcpState.TimeWait && pair.B.State is TcpState.Closed or TcpState.TimeWait)
            || (pair.A.State == TcpState.Closed && pair.B.State == TcpState.Listen); // an OPEN aborted before the SYN left
        Assert.Equal(ended ? CheckVerdict.Valid : CheckVerdict.Incomplete, c.Verdict);
    }

    /// <summary>
    /// What a capture can tell of a final state. Without a connection, LISTEN and CLOSED look the same.
    /// TIME-WAIT and CLOSED can look the same too: when an endpoint's FIN waits behind queued data, the
    /// wire does not show whether its CLOSE came before the peer's FIN arrived (FIN-WAIT-1 → CLOSING →
    /// TIME-WAIT) or after (CLOSE-WAIT → LAST-ACK → CLOSED); every segment is the same (a soak run found it,
    /// CheckerSoakFindingTests).
    /// </summary>
    private static TcpState Seen(TcpState s) => s is TcpState.Listen or TcpState.TimeWait ? TcpState.Closed : s;

    [Fact]
    public void FullExchange_HandshakeDataCloseBothWays_IsValid()
    {
        var actions = new[]
        {
            new ExchangeAction(4, 0), new ExchangeAction(4, 0), new ExchangeAction(4, 0),
            new ExchangeAction(0, 100), new ExchangeAction(1, 50), new ExchangeAction(4, 0), new ExchangeAction(4, 0),
            new ExchangeAction(2, 0), new ExchangeAction(3, 0),
        };
        (TcpPair pair, byte[] capture) = Record(actions, 7, 9);
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(capture), out CheckReport report, out _));
        Assert.Equal(CheckVerdict.Valid, report.Connections[0].Verdict);
        Assert.Equal(pair.A.State, report.Connections[0].ClientState);
    }
}
