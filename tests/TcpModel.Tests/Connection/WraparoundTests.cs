using System;
using System.Collections.Generic;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Connection;

/// <summary>
/// The RFC 9293 figure exchanges again with ISNs at the wrap point (0xFFFFFFFF → 0): relative to each
/// side's ISN, every segment and every state is the same as with the figures' own numbers.
/// </summary>
public class WraparoundTests
{
    private readonly record struct Row(TcpSide From, TcpFlags Flags, long SeqOffset, long AckOffset, int Len, TcpState A, TcpState B);

    private static List<Row> Run(uint issA, uint issB, bool simultaneousOpen, Func<TcpPair, List<Row>, uint, uint, TcpPair> after)
    {
        var rows = new List<Row>();
        TcpConnection b = simultaneousOpen ? TcpConnection.Create(2000, 1000, Rfc) : TcpConnection.Listen(2000, issB, Rfc);
        TcpPair p = TcpPair.Create(TcpConnection.Create(1000, 2000, Rfc), b);
        p = p.Apply(TcpSide.A, TcpEvent.OpenActive(issA)).Pair;
        if (simultaneousOpen) p = p.Apply(TcpSide.B, TcpEvent.OpenActive(issB)).Pair;
        p = Drain(p, rows, issA, issB);
        after(p, rows, issA, issB);
        return rows;
    }

    private static TcpPair Drain(TcpPair p, List<Row> rows, uint issA, uint issB)
    {
        while (p.TryDeliverNext(out TcpPairStep s))
        {
            TcpSegment seg = s.Event.Segment;
            TcpSide from = s.Side == TcpSide.A ? TcpSide.B : TcpSide.A;
            uint own = from == TcpSide.A ? issA : issB, peer = from == TcpSide.A ? issB : issA;
            rows.Add(new Row(from, seg.Flags, seg.Seq - new SeqNum(own), seg.IsAck ? seg.Ack - new SeqNum(peer) : 0, seg.PayloadLength, s.Pair.A.State, s.Pair.B.State));
            p = s.Pair;
        }
        return p;
    }

    private static TcpPair Then(TcpPair p, List<Row> rows, uint issA, uint issB, params (TcpSide Side, TcpEvent Call)[] calls)
    {
        foreach ((TcpSide side, TcpEvent call) in calls) p = p.Apply(side, call).Pair;
        return Drain(p, rows, issA, issB);
    }

    public static TheoryData<uint, uint> WrapIsns => new()
    {
        { 0xFFFFFFFFu, 0xFFFFFFFEu },
        { 0xFFFFFF9Cu, 0xFFFFFFFFu },
        { 0xFFFFFFF6u, 0x00000000u },
    };

    [Theory]
    [MemberData(nameof(WrapIsns))]
    public void Figure6And12_HandshakeDataNormalClose_SameAtTheWrap(uint a, uint b)
    {
        Func<TcpPair, List<Row>, uint, uint, TcpPair> script = (p, rows, x, y) =>
        {
            p = Then(p, rows, x, y, (TcpSide.A, TcpEvent.Send(10)), (TcpSide.B, TcpEvent.Send(250)));
            p = Then(p, rows, x, y, (TcpSide.A, TcpEvent.Close()));
            return Then(p, rows, x, y, (TcpSide.B, TcpEvent.Close()));
        };
        List<Row> figure = Run(100, 300, false, script), wrapped = Run(a, b, false, script);
        Assert.Equal(figure, wrapped);
        Assert.Equal(TcpState.TimeWait, figure[^1].A);
        Assert.Equal(TcpState.Closed, figure[^1].B);
    }

    [Theory]
    [MemberData(nameof(WrapIsns))]
    public void Figure7And13_SimultaneousOpenAndClose_SameAtTheWrap(uint a, uint b)
    {
        Func<TcpPair, List<Row>, uint, uint, TcpPair> script = (p, rows, x, y) =>
            Then(p, rows, x, y, (TcpSide.A, TcpEvent.Close()), (TcpSide.B, TcpEvent.Close()));
        List<Row> figure = Run(100, 300, true, script), wrapped = Run(a, b, true, script);
        Assert.Equal(figure, wrapped);
        Assert.Contains(figure, r => r.A == TcpState.Closing || r.B == TcpState.Closing);
        Assert.Equal(TcpState.TimeWait, figure[^1].A);
        Assert.Equal(TcpState.TimeWait, figure[^1].B);
    }

    [Theory]
    [MemberData(nameof(WrapIsns))]
    public void HalfCloseAndAbort_SameAtTheWrap(uint a, uint b)
    {
        Func<TcpPair, List<Row>, uint, uint, TcpPair> script = (p, rows, x, y) =>
        {
            p = Then(p, rows, x, y, (TcpSide.A, TcpEvent.Close()));
            p = Then(p, rows, x, y, (TcpSide.B, TcpEvent.Send(3000)));
            return Then(p, rows, x, y, (TcpSide.B, TcpEvent.Abort()));
        };
        List<Row> figure = Run(100, 300, false, script), wrapped = Run(a, b, false, script);
        Assert.Equal(figure, wrapped);
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, figure[^1].Flags);
        Assert.Equal(TcpState.Closed, figure[^1].A);
    }
}
