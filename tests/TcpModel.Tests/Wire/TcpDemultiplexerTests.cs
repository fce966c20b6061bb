using System.Collections.Generic;
using TcpModel.Wire;
using Xunit;
using static TcpModel.Tests.Wire.WireTestData;

namespace TcpModel.Tests.Wire;

public class TcpDemultiplexerTests
{
    private static (TcpDemultiplexer Demux, List<DemuxAssignment> Assignments) Run(string file)
    {
        var demux = new TcpDemultiplexer();
        var assignments = new List<DemuxAssignment>();
        using CaptureReader reader = CaptureReader.Open(CapturePath(file));
        while (reader.TryReadNextPacket(out DecodedPacket p)) assignments.Add(demux.Add(p));
        Assert.Equal(WireError.None, reader.Error);
        return (demux, assignments);
    }

    [Theory]
    [InlineData("lo-ipv4-reuse-rst-refused.pcap", "127.0.0.1", 40061)]
    [InlineData("lo-ipv6-reuse-rst-refused.pcap", "::1", 40071)]
    public void ReusedFourTuple_AfterRst_NewSynOpensSecondConnection_RefusedSynIsAThird(string file, string address, int serverPort)
    {
        (TcpDemultiplexer demux, List<DemuxAssignment> a) = Run(file);
        Assert.Equal(3, demux.ConnectionCount);
        // Frames 1-10: aborted with RST; 11-21: the same 4-tuple again, closed with FIN both ways; 22-23: refused.
        Assert.All(a.GetRange(0, 10), x => Assert.Equal(0, x.ConnectionIndex));
        Assert.All(a.GetRange(10, 11), x => Assert.Equal(1, x.ConnectionIndex));
        Assert.All(a.GetRange(21, 2), x => Assert.Equal(2, x.ConnectionIndex));
        Assert.True(a[0].OpensConnection && a[10].OpensConnection && a[21].OpensConnection);
        Assert.False(a[1].OpensConnection);

        var server = new TcpEndpoint(InlineIPAddress.Parse(address), (ushort)serverPort);
        CapturedConnection first = demux.GetConnection(0), second = demux.GetConnection(1), refused = demux.GetConnection(2);
        Assert.Equal(server, first.Server);
        Assert.Equal(first.Client, second.Client); // same 4-tuple
        Assert.Equal(serverPort + 1, first.Client.Port);
        Assert.True(first.ClientFromHandshake);
        Assert.True(first.ResetSeen && first.IsEnded);
        Assert.True(second.ClientSentFin && second.ServerSentFin && !second.ResetSeen && second.IsEnded);
        Assert.Equal((11L, 21L, 11L), (second.FirstFrame, second.LastFrame, second.PacketCount));
        Assert.Equal(serverPort + 2, refused.Server.Port);
        Assert.True(refused.ResetSeen);

        Assert.True(a[0].IsFromClient);   // SYN
        Assert.False(a[1].IsFromClient);  // SYN+ACK
        Assert.False(a[22].IsFromClient); // RST+ACK from the refusing side
    }

    [Fact]
    public void SynRetransmission_BeforeConnectionEnds_StaysInTheSameConnection()
    {
        var demux = new TcpDemultiplexer();
        var c = new TcpEndpoint(Loopback4, 5000);
        var s = new TcpEndpoint(Loopback4, 80);
        Assert.Equal(0, demux.Add(c, s, TcpFlags.Syn, 1).ConnectionIndex);
        Assert.Equal(0, demux.Add(c, s, TcpFlags.Syn, 2).ConnectionIndex);
        Assert.Equal(0, demux.Add(s, c, TcpFlags.Fin | TcpFlags.Ack, 3).ConnectionIndex);
        // FIN one way only: not ended, so a SYN still belongs here.
        Assert.Equal(0, demux.Add(c, s, TcpFlags.Syn, 4).ConnectionIndex);
        Assert.Equal(1, demux.ConnectionCount);
    }

    [Fact]
    public void AfterFinBothWays_LateAckStaysButNewSynOpens()
    {
        var demux = new TcpDemultiplexer();
        var c = new TcpEndpoint(Loopback6, 5000);
        var s = new TcpEndpoint(Loopback6, 80);
        demux.Add(c, s, TcpFlags.Syn, 1);
        demux.Add(c, s, TcpFlags.Fin | TcpFlags.Ack, 2);
        demux.Add(s, c, TcpFlags.Fin | TcpFlags.Ack, 3);
        Assert.Equal(0, demux.Add(c, s, TcpFlags.Ack, 4).ConnectionIndex);
        DemuxAssignment reopened = demux.Add(c, s, TcpFlags.Syn, 5);
        Assert.Equal(1, reopened.ConnectionIndex);
        Assert.True(reopened.OpensConnection && reopened.IsFromClient);
    }

    [Fact]
    public void CaptureStartingMidConnection_GuessesClientFromFirstSender()
    {
        var demux = new TcpDemultiplexer();
        var a = new TcpEndpoint(Loopback4, 80);
        var b = new TcpEndpoint(Loopback4, 5000);
        demux.Add(a, b, TcpFlags.Ack, 7);
        CapturedConnection c = demux.GetConnection(0);
        Assert.Equal(a, c.Client);
        Assert.False(c.ClientFromHandshake);
    }

    [Fact]
    public void CaptureStartingAtSynAck_MakesItsReceiverTheClient()
    {
        var demux = new TcpDemultiplexer();
        var server = new TcpEndpoint(Loopback4, 80);
        var client = new TcpEndpoint(Loopback4, 5000);
        DemuxAssignment first = demux.Add(server, client, TcpFlags.Syn | TcpFlags.Ack, 1);
        Assert.False(first.IsFromClient);
        Assert.Equal(client, demux.GetConnection(0).Client);
        Assert.True(demux.GetConnection(0).ClientFromHandshake);
    }

    [Fact]
    public void NonTcpPacket_IsNotAssigned()
    {
        var demux = new TcpDemultiplexer();
        DecodedPacket udp = TcpPacketDecoder.Decode(LinkType.Raw, [0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8], 20);
        DemuxAssignment x = demux.Add(udp);
        Assert.False(x.IsAssigned);
        Assert.Equal(0, demux.ConnectionCount);
    }
}
