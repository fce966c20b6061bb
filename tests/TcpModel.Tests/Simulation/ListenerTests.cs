using System;
using System.Linq;
using TcpModel.Simulation;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Simulation;

/// <summary>A listener's SYN queue, accept queue and RFC 4987 defences, with Linux's numbers.</summary>
public class ListenerTests
{
    private static (Network Net, HostId Client, HostId Server) TwoHosts(ListenerOptions options, EndpointScript? server = null)
    {
        var net = new Network(11) { RecordTrace = true };
        HostId a = net.AddHost(InlineIPAddress.Parse("10.0.0.1")), b = net.AddHost(InlineIPAddress.Parse("10.0.0.2"));
        var link = LinkConditions.Perfect with { Delay = TimeSpan.FromMilliseconds(10) };
        net.SetLinks(a, b, link);
        net.DefaultLink = link;
        net.Listen(b, 80, server ?? EndpointScript.Server(), options);
        return (net, a, b);
    }

    private static bool Served(Network net, ConnectionId c) =>
        net.GetConnection(c) is { PeerClosed: true, Peer: ConnectionId p } && net.GetConnection(p).BytesReceived == 100;

    [Fact]
    public void SynQueueFull_WithoutCookies_DropsSyns_AndHoldsBacklogEntries()
    {
        (Network net, HostId a, HostId b) = TwoHosts(new ListenerOptions { Backlog = 4, SynCookies = SynCookieMode.Off });
        net.AddSynFlood(b, 80, 1000, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        ConnectionId c = net.Connect(a, b, 80, TimeSpan.FromSeconds(1), EndpointScript.Client(100));
        net.Run(TimeSpan.FromSeconds(5));
        ListenerStatus s = net.GetListener(b, 80);
        Assert.Equal(4, s.MostHalfOpen);
        Assert.Equal(4, s.HalfOpen);
        Assert.True(s.SynsDropped > 4000, s.ToString());
        Assert.Equal(TcpState.SynSent, net.GetConnection(c).Tcp.State); // still retrying
        // The spoofed sources never answer: every SYN+ACK to them is lost (no host there).
        Assert.All(net.Trace.Where(e => e.Kind == NetworkTraceKind.Lost), e => Assert.Equal(NetworkDropReason.NoHost, e.DropReason));

        net.Run();
        // Half-open entries go after tcp_synack_retries = 5: 1 + 2 + 4 + 8 + 16 + 32 s; then the client gets in.
        Assert.True(Served(net, c));
        Assert.Equal(0, net.GetListener(b, 80).HalfOpen);
        NetworkConnection client = net.GetConnection(c);
        Assert.True(client.ConnectedAt - client.OpenedAt >= TimeSpan.FromSeconds(60), client.ConnectedAt.ToString());
    }

    [Fact]
    public void HalfOpenEntry_RetransmitsItsSynAck_After1_2_4_8_16s_ThenGoes()
    {
        (Network net, HostId a, HostId b) = TwoHosts(new ListenerOptions { SynCookies = SynCookieMode.Off });
        net.AddSynFlood(b, 80, 1, TimeSpan.Zero, TimeSpan.Zero); // one spoofed SYN
        net.Run();
        double[] synAcks = net.Trace.Where(e => e.Kind == NetworkTraceKind.Lost && e.Segment.IsSyn).Select(e => e.Time.TotalSeconds).ToArray();
        Assert.Equal(new[] { 0.01, 1.01, 3.01, 7.01, 15.01, 31.01 }, synAcks.Select(t => Math.Round(t, 2)));
        Assert.Equal(0, net.GetListener(b, 80).HalfOpen);
    }

    [Fact]
    public void Cookies_OnOverflow_KeepNoMoreState_AndServeTheClient_WithWhatACookieLoses()
    {
        (Network net, HostId a, HostId b) = TwoHosts(new ListenerOptions { Backlog = 4 });
        net.AddSynFlood(b, 80, 1000, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        ConnectionId c = net.Connect(a, b, 80, TimeSpan.FromSeconds(1), EndpointScript.Client(100));
        net.Run();
        ListenerStatus s = net.GetListener(b, 80);
        Assert.Equal(4, s.MostHalfOpen);
        Assert.Equal(1, s.CookiesAccepted);
        Assert.True(s.CookiesSent > 1000);
        Assert.True(Served(net, c));
        NetworkConnection client = net.GetConnection(c);
        Assert.Equal(TimeSpan.FromMilliseconds(20), client.ConnectedAt - client.OpenedAt); // one round trip: no waiting

        // The cookie's SYN+ACK offered no window scale and no SACK (no timestamps to carry them), so
        // neither side scales; the server's MSS for the client is the table's 1460.
        NetworkTraceEntry cookieSynAck = net.Trace.First(e => e.Kind == NetworkTraceKind.Delivered && e.To == a && e.Segment.IsSyn);
        Assert.False(cookieSynAck.Segment.Options.HasWindowScale);
        Assert.False(cookieSynAck.Segment.Options.SackPermitted);
        Assert.Contains(net.Trace, e => e.From == a && e.Segment.IsSyn && e.Segment.Options.HasWindowScale); // the client offered it
        NetworkTraceEntry data = net.Trace.First(e => e.Kind == NetworkTraceKind.Sent && e.From == a && e.Segment.PayloadLength > 0);
        Assert.Equal(cookieSynAck.Segment.Seq + 1, data.Segment.Ack); // ACK − 1 is the cookie
    }

    [Fact]
    public void CookiesAlways_HoldNoHalfOpenState()
    {
        (Network net, HostId a, HostId b) = TwoHosts(new ListenerOptions { SynCookies = SynCookieMode.Always });
        net.AddSynFlood(b, 80, 2000, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        ConnectionId c = net.Connect(a, b, 80, TimeSpan.FromSeconds(1), EndpointScript.Client(100));
        net.Run();
        Assert.Equal(0, net.GetListener(b, 80).MostHalfOpen);
        Assert.True(Served(net, c));
    }

    [Fact]
    public void ForgedAck_WithAWrongCookie_IsAnsweredWithRst()
    {
        (Network net, HostId a, HostId b) = TwoHosts(new ListenerOptions { SynCookies = SynCookieMode.Always });
        ConnectionId c = net.Connect(a, b, 80, TimeSpan.Zero, EndpointScript.Client(100));
        net.Run();
        Assert.True(Served(net, c)); // a genuine cookie works
        // An ACK from a client that never sent a SYN: LISTEN answers <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.2).
        var stray = new Network(11) { RecordTrace = true };
        HostId x = stray.AddHost(InlineIPAddress.Parse("10.0.0.1")), y = stray.AddHost(InlineIPAddress.Parse("10.0.0.2"));
        stray.Listen(y, 80, null, new ListenerOptions { SynCookies = SynCookieMode.Always });
        ConnectionId d = stray.Connect(x, y, 81, TimeSpan.Zero); // to another port: gives us a connection to send from
        stray.Run();
        Assert.Equal(0, stray.GetListener(y, 80).CookiesAccepted);
        Assert.Equal(TcpState.Closed, stray.GetConnection(d).Tcp.State);
    }

    [Fact]
    public void AcceptQueueFull_TheClientBelievesItIsEstablished_WhileTheServerDropsItsAck()
    {
        // listen(fd, 2): three connections fit the accept queue (backlog + 1); the application accepts once a
        // minute. The last two SYNs arrive together, while there is room (a SYN that finds the accept queue
        // full is dropped); the first ACK fills it, the second finds it full.
        (Network net, HostId a, HostId b) = TwoHosts(new ListenerOptions { Backlog = 2, AcceptInterval = TimeSpan.FromMinutes(1), SynCookies = SynCookieMode.Off },
            EndpointScript.Idle);
        ConnectionId[] clients = new[] { 0, 100, 200, 200 }.Select(ms => net.Connect(a, b, 80, TimeSpan.FromMilliseconds(ms), EndpointScript.Idle)).ToArray();
        net.Run(TimeSpan.FromSeconds(2));
        NetworkConnection third = net.GetConnection(clients[3]);
        Assert.All(clients, c => Assert.Equal(TcpState.Established, net.GetConnection(c).Tcp.State));
        Assert.Equal(TcpState.SynReceived, net.GetConnection(Assert.NotNull(third.Peer)).Tcp.State);
        ListenerStatus s = net.GetListener(b, 80);
        Assert.Equal((3, 1), (s.AcceptQueue, s.HalfOpen));
        Assert.True(s.AcksDroppedOnOverflow >= 1);
        // The server's entry resends its SYN+ACK (1 s on); the client answers with an ACK, dropped again.
        Assert.Contains(net.Trace, e => e.Kind == NetworkTraceKind.Sent && e.From == b && e.Segment.IsSyn && e.Time >= TimeSpan.FromSeconds(1.2));

        // The entry's last SYN+ACK goes at 31 s and it gives up at 63 s; the accept at 60 s makes room, but
        // no ACK comes to use it. The client still believes it is connected, until it sends.
        net.Run(TimeSpan.FromSeconds(70));
        Assert.Equal(0, net.GetListener(b, 80).HalfOpen);
        Assert.Equal(TcpState.Established, net.GetConnection(clients[3]).Tcp.State);
        TcpNotice saw = TcpNotice.None;
        net.NoticeReceived = (_, id, n) => { if (id == clients[3]) saw |= n; };
        net.Schedule(TimeSpan.FromSeconds(71), clients[3], TcpEvent.Send(10));
        net.Run(TimeSpan.FromSeconds(72));
        Assert.True((saw & TcpNotice.Reset) != 0, saw.ToString()); // the listener answers its data with a RST (§3.10.7.2)
    }

    [Fact]
    public void AcceptQueueFull_WithAbortOnOverflow_ResetsTheClient()
    {
        (Network net, HostId a, HostId b) = TwoHosts(new ListenerOptions { Backlog = 2, AcceptInterval = TimeSpan.FromMinutes(1), SynCookies = SynCookieMode.Off, AbortOnOverflow = true },
            EndpointScript.Idle);
        TcpNotice lastSaw = TcpNotice.None;
        ConnectionId[] clients = new[] { 0, 100, 200, 200 }.Select(ms => net.Connect(a, b, 80, TimeSpan.FromMilliseconds(ms), EndpointScript.Idle)).ToArray();
        net.NoticeReceived = (_, id, n) => { if (id == clients[3]) lastSaw |= n; };
        net.Run(TimeSpan.FromSeconds(2));
        Assert.True((lastSaw & TcpNotice.Reset) != 0, lastSaw.ToString());
        Assert.Equal(TcpState.Closed, net.GetConnection(clients[3]).Tcp.State);
        Assert.Equal(0, net.GetListener(b, 80).HalfOpen);
    }

    [Fact]
    public void SynFloodExperiment_CookiesServeEveryone_NoDefenceDoesNot()
    {
        SynFloodRow[] rows = SynFlood.Run(new SynFloodOptions { SpoofedSyns = 200_000, SynsPerSecond = 1_000, Clients = 40 }).ToArray();
        SynFloodRow none = rows[0], cookies = rows[3], always = rows[4];
        Assert.Equal(128, none.MostHalfOpen); // O(N): the backlog
        Assert.True(none.Connected < none.Clients, none.ToString());
        Assert.Equal((40, 40), (cookies.Connected, always.Connected));
        Assert.Equal(0, always.MostHalfOpen); // O(1)
        Assert.Equal(TimeSpan.FromMilliseconds(30), cookies.MaxWait); // SYN, SYN+ACK, ACK: 1.5 round trips of 20 ms
    }
}
