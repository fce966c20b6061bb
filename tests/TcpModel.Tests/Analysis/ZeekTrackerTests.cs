using TcpModel.Analysis;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>Zeek's conn_state and history for the shapes the committed captures do not show.</summary>
public class ZeekTrackerTests
{
    private const TcpFlags Syn = TcpFlags.Syn, SynAck = TcpFlags.Syn | TcpFlags.Ack, Ack = TcpFlags.Ack, Fin = TcpFlags.Fin | TcpFlags.Ack, Rst = TcpFlags.Rst;

    private static ZeekTracker Feed(params (bool FromClient, TcpFlags Flags, uint Seq, uint Ack, int Len, ushort Window)[] packets)
    {
        var z = new ZeekTracker(ignoreChecksums: true);
        foreach (var p in packets) z = z.With(p.FromClient, p.Flags, p.Seq, p.Ack, p.Len, p.Window, ChecksumStatus.Good);
        return z;
    }

    [Fact]
    public void SynOnly_IsS0()
    {
        ZeekTracker z = Feed((true, Syn, 1000, 0, 0, 100));
        Assert.Equal(ZeekConnState.S0, z.ConnState);
        Assert.Equal("S", z.History);
    }

    [Fact]
    public void SynThenOriginatorRst_NoReply_IsRstos0()
    {
        ZeekTracker z = Feed((true, Syn, 1000, 0, 0, 100), (true, Rst, 1001, 0, 0, 0));
        Assert.Equal(ZeekConnState.RSTOS0, z.ConnState);
        Assert.Equal("SR", z.History);
    }

    [Fact]
    public void SynThenFin_NoReply_IsSh()
    {
        ZeekTracker z = Feed((true, Syn, 1000, 0, 0, 100), (true, Fin, 1001, 0, 0, 100));
        Assert.Equal(ZeekConnState.SH, z.ConnState);
        Assert.Equal("SF", z.History);
    }

    [Fact]
    public void SynRepeated_AddsNoLetter_EvenWithANewSeq()
    {
        Assert.Equal("S", Feed((true, Syn, 1000, 0, 0, 100), (true, Syn, 1000, 0, 0, 100)).History);
        // init_endpoint re-bases a SYN_SENT endpoint on a new ISN (SYN_seq_jump) before the relative
        // sequence is computed, so the new SYN is again at relative 0 = hist_last_SYN.
        Assert.Equal("S", Feed((true, Syn, 1000, 0, 0, 100), (true, Syn, 7000, 0, 0, 100)).History);
    }

    [Fact]
    public void SynAckSeenBeforeSyn_FlipsRoles()
    {
        // The caller's "client" sent the SYN+ACK: Zeek sees the SYN/SYN-ACK reversal and flips.
        ZeekTracker z = Feed((true, SynAck, 5000, 1001, 0, 100), (false, Syn, 1000, 0, 0, 100), (false, Ack, 1001, 5001, 0, 100));
        Assert.True(z.Flipped);
        Assert.Equal("Hs^A", z.History);
        Assert.Equal(ZeekConnState.S1, z.ConnState);
    }

    [Fact]
    public void DataRetransmitted_CountsTLogarithmically()
    {
        var packets = new System.Collections.Generic.List<(bool, TcpFlags, uint, uint, int, ushort)>
        {
            (true, Syn, 1000, 0, 0, 100), (false, SynAck, 5000, 1001, 0, 100), (true, Ack, 1001, 5001, 0, 100), (true, Ack, 1001, 5001, 10, 100),
        };
        for (int i = 0; i < 10; i++) packets.Add((true, Ack, 1001, 5001, 10, 100));
        Assert.Equal("ShADTT", Feed(packets.ToArray()).History); // 1st and 10th retransmission
    }

    [Fact]
    public void ZeroWindow_AddsW()
    {
        ZeekTracker z = Feed((true, Syn, 1000, 0, 0, 100), (false, SynAck, 5000, 1001, 0, 100), (true, Ack, 1001, 5001, 0, 0));
        Assert.Equal("ShAW", z.History);
        Assert.Equal(ZeekConnState.S1, z.ConnState);
    }

    [Fact]
    public void With_LeavesTheOriginalUnchanged()
    {
        var empty = new ZeekTracker(ignoreChecksums: true);
        ZeekTracker one = empty.With(true, Syn, 1000, 0, 0, 100, ChecksumStatus.Good);
        Assert.Equal("", empty.History);
        Assert.Equal(ZeekConnState.None, empty.ConnState);
        Assert.Equal("S", one.History);
    }

    [Fact]
    public void BadChecksum_CountsCAndDropsThePacket()
    {
        ZeekTracker z = new ZeekTracker(ignoreChecksums: false)
            .With(true, Syn, 1000, 0, 0, 100, ChecksumStatus.Bad)
            .With(false, SynAck, 5000, 1001, 0, 100, ChecksumStatus.Good);
        Assert.Equal("Ch", z.History);
        Assert.Equal(ZeekConnState.OTH, z.ConnState);
    }

    [Fact]
    public void Completeness_SynWithData_SetsSynAndData_SynAckWithData_OnlySynAck()
    {
        Assert.Equal(WiresharkCompleteness.Syn | WiresharkCompleteness.Data, default(WiresharkCompleteness).With(TcpFlags.Syn, 5).Value);
        Assert.Equal(WiresharkCompleteness.SynAck, default(WiresharkCompleteness).With(TcpFlags.Syn | TcpFlags.Ack, 5).Value);
        Assert.Equal(WiresharkCompleteness.Ack | WiresharkCompleteness.Rst, default(WiresharkCompleteness).With(TcpFlags.Rst | TcpFlags.Ack, 0).Value);
        Assert.Equal(WiresharkCompleteness.Data | WiresharkCompleteness.Fin, default(WiresharkCompleteness).With(TcpFlags.Fin | TcpFlags.Ack, 3).Value);
    }
}
