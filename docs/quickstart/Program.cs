using System;
using TcpModel;
using TcpModel.Drivers;

// A client (A) and a server (B) listening on port 80, joined by a perfect channel.
// The ISNs are given: x = 1000 for the client, y = 5000 for the server.
TcpPair pair = TcpPair.ClientServer(clientPort: 40000, serverPort: 80, serverIss: 5000, TcpSettings.Rfc9293);

pair = Call(pair, TcpSide.A, TcpEvent.OpenActive(1000)); // three-way handshake
pair = Call(pair, TcpSide.A, TcpEvent.Send(100));        // 100 bytes of data
pair = Call(pair, TcpSide.A, TcpEvent.Close());          // the client closes first...
pair = Call(pair, TcpSide.B, TcpEvent.Close());          // ...the server closes from CLOSE-WAIT

// TIME-WAIT lasts 2·MSL; time is a parameter, never read from a clock.
pair = pair.AdvanceTo(pair.Now + TcpSettings.Rfc9293.Msl * 2);
while (pair.TryFireTimer(out TcpPairStep timer))
{
    Console.WriteLine($"timer  {Side(timer.Side)} {timer.Transition.PreviousState.ToRfcName()} -> {timer.Transition.State.ToRfcName()}  ({TcpRules.Source(timer.Transition.Rule)})");
    pair = timer.Pair;
}

static TcpPair Call(TcpPair pair, TcpSide side, TcpEvent call)
{
    TcpPairStep step = pair.Apply(side, call);
    Console.WriteLine($"{call,-22} {Side(side)} {step.Transition.PreviousState.ToRfcName()} -> {step.Transition.State.ToRfcName()}");
    pair = step.Pair;
    while (pair.TryDeliverNext(out TcpPairStep arrival)) // deliver everything in flight, in order
    {
        TcpSegment s = arrival.Event.Segment;
        string from = arrival.Side == TcpSide.B ? "C -> S" : "S -> C";
        string ack = s.IsAck ? $" ack={s.Ack}" : "";
        Console.WriteLine($"  {from}  [{s.Flags.ToDisplayString(),-7}] seq={s.Seq}{ack} len={s.PayloadLength,-4}"
            + $" client {arrival.Pair.A.State.ToRfcName(),-12} server {arrival.Pair.B.State.ToRfcName(),-12}"
            + $" {TcpRules.Source(arrival.Transition.Rule)}");
        pair = arrival.Pair;
    }
    return pair;
}

static string Side(TcpSide side) => side == TcpSide.A ? "client" : "server";
