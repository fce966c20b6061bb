using System;
using System.Collections.Generic;
using TcpModel.Wire;

namespace TcpModel.Simulation;

/// <summary>A named simulation: a network built from a seed, and the connection whose exchange tells the story.</summary>
/// <param name="Name">The name, as <c>tcpmodel simulate NAME</c> takes it.</param>
/// <param name="English">What it shows, in English.</param>
/// <param name="Chinese">What it shows, in Chinese.</param>
/// <param name="Build">Builds the network from a seed (nothing run yet) and names the connection to show.</param>
public sealed record NetworkScenario(string Name, string English, string Chinese, Func<ulong, (Network Network, ConnectionId Shown)> Build)
{
    /// <summary>The seed the scenario asks for (a scenario file's <c>seed</c>), if any.</summary>
    public ulong? Seed { get; init; }

    /// <summary>The simulated time the scenario runs at most (a scenario file's <c>duration</c>), if any.</summary>
    public TimeSpan? Duration { get; init; }
}

/// <summary>The simulations <c>tcpmodel simulate</c> knows by name.</summary>
public static class NetworkScenarios
{
    private static readonly InlineIPAddress Client = InlineIPAddress.Parse("10.0.0.1"), Server = InlineIPAddress.Parse("10.0.0.2");

    /// <summary>Every named scenario.</summary>
    public static IReadOnlyList<NetworkScenario> All { get; } = new[]
    {
        new NetworkScenario("lossy-transfer",
            "100 kB up, then (after the client's FIN: a half-close) 20 kB down, over a link that loses 5 % of segments (20 ms, ±2 ms): retransmissions until everything arrives, then a clean close.",
            "在丢包率 5%（时延 20 ms，抖动 ±2 ms）的链路上先上传 100 kB，客户端发 FIN（半关闭）后服务器再回传 20 kB：丢了就重传，直到全部到达，然后正常关闭。",
            seed => Pair(seed, LinkConditions.Perfect with { Delay = TimeSpan.FromMilliseconds(20), Jitter = TimeSpan.FromMilliseconds(2), Loss = 0.05 }, 100_000, 20_000, HalfCloseReader)),
        new NetworkScenario("partition",
            "A transfer cut by a 10 s partition: the sender backs off (1, 2, 4, 8 s) and resumes when the link returns.",
            "传输途中链路中断 10 秒：发送方按 1、2、4、8 秒退避重传，链路恢复后继续。",
            seed => Pair(seed, LinkConditions.Perfect with
            {
                Delay = TimeSpan.FromMilliseconds(10),
                Rate = 10_000_000,
                Partitions = new[] { new Partition(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10)) },
            }, 200_000, 0)),
        new NetworkScenario("reordering",
            "Segments reordered (25 %) and duplicated (10 %) with jitter: out-of-order data is acknowledged at once, duplicates are dropped.",
            "报文段乱序（25%）、重复（10%）且有抖动：乱序数据立即确认，重复报文被丢弃。",
            seed => Pair(seed, LinkConditions.Perfect with { Delay = TimeSpan.FromMilliseconds(15), Jitter = TimeSpan.FromMilliseconds(10), Reorder = 0.25, Duplicate = 0.1 }, 50_000, 5_000)),
        new NetworkScenario("closed-port",
            "A SYN to a port where nothing listens: the host answers <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK> (RFC 9293 §3.10.7.1) and the client is refused.",
            "向没有进程监听的端口发送 SYN：主机回 RST,ACK（RFC 9293 §3.10.7.1），客户端连接被拒绝。",
            seed =>
            {
                var net = new Network(seed);
                HostId a = net.AddHost(Client), b = net.AddHost(Server);
                net.SetLinks(a, b, LinkConditions.Perfect with { Delay = TimeSpan.FromMilliseconds(5) });
                return (net, net.Connect(a, b, 81, TimeSpan.Zero, EndpointScript.Client(100)));
            }),
    };

    /// <summary>The scenario called <paramref name="name"/>.</summary>
    public static bool TryGet(string name, out NetworkScenario? scenario)
    {
        foreach (NetworkScenario s in All)
        {
            if (string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                scenario = s;
                return true;
            }
        }
        scenario = null;
        return false;
    }

    /// <summary>
    /// Linux settings with a longer FIN-WAIT-2 wait: Linux's <c>tcp_fin_timeout</c> (60 s) holds for a socket
    /// its application has closed; a client that half-closed and still reads waits as long as the data
    /// takes, which over a lossy link (each loss costs a retransmission timeout) can be more than a minute.
    /// </summary>
    private static readonly TcpSettings HalfCloseReader = TcpSettings.Linux with { FinWait2Timeout = TimeSpan.FromMinutes(10) };

    private static (Network, ConnectionId) Pair(ulong seed, LinkConditions link, int clientBytes, int serverBytes, TcpSettings? settings = null)
    {
        var net = new Network(seed, settings);
        HostId a = net.AddHost(Client), b = net.AddHost(Server);
        net.SetLinks(a, b, link);
        net.Listen(b, 80, EndpointScript.Server(serverBytes));
        return (net, net.Connect(a, b, 80, TimeSpan.Zero, EndpointScript.Client(clientBytes)));
    }
}
