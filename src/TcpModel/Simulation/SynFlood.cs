using System;
using System.Collections.Generic;
using TcpModel.Wire;

namespace TcpModel.Simulation;

/// <summary>The SYN-flood experiment's inputs.</summary>
public sealed record SynFloodOptions
{
    /// <summary>Spoofed SYNs in all (10^6 by default).</summary>
    public int SpoofedSyns { get; init; } = 1_000_000;

    /// <summary>Spoofed SYNs per second (10,000: the flood lasts 100 s).</summary>
    public double SynsPerSecond { get; init; } = 10_000;

    /// <summary>Legitimate clients, connecting one after another while the flood lasts.</summary>
    public int Clients { get; init; } = 200;

    /// <summary>The listener's backlog (<c>listen(fd, N)</c>).</summary>
    public int Backlog { get; init; } = 128;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>One-way delay between the clients and the server.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(10);
}

/// <summary>One defence's row of the experiment.</summary>
/// <param name="Defence">Its name.</param>
/// <param name="MostHalfOpen">The most half-open entries the listener held at once.</param>
/// <param name="HalfOpenBytes">What they cost here (entries × bytes per entry).</param>
/// <param name="Connected">Legitimate clients served: the server established their connection, read their request and closed it.</param>
/// <param name="Clients">Legitimate clients in all.</param>
/// <param name="MeanWait">Mean time from a served client's OPEN to the server's ESTABLISHED.</param>
/// <param name="MaxWait">The longest such time.</param>
/// <param name="SynsDropped">SYNs the listener dropped.</param>
/// <param name="CookiesSent">SYN+ACKs sent as cookies.</param>
public readonly record struct SynFloodRow(string Defence, int MostHalfOpen, long HalfOpenBytes, int Connected, int Clients, TimeSpan MeanWait, TimeSpan MaxWait,
    long SynsDropped, long CookiesSent);

/// <summary>
/// The seed's warning about half-open resources (资源分配时机与泛洪攻击), measured: spoofed SYNs that never
/// answer arrive at a listener while legitimate clients keep connecting; each defence of RFC 4987 in turn.
/// </summary>
public static class SynFlood
{
    /// <summary>The defences compared, by name, with the listener options each stands for.</summary>
    public static IReadOnlyList<(string Name, ListenerOptions Options)> Defences(int backlog) => new[]
    {
        ("none (backlog only)", new ListenerOptions { Backlog = backlog, SynCookies = SynCookieMode.Off }),
        ("shorter SYN-RECEIVED timer (1 retry)", new ListenerOptions { Backlog = backlog, SynCookies = SynCookieMode.Off, SynAckRetries = 1 }),
        ("recycle the oldest half-open", new ListenerOptions { Backlog = backlog, SynCookies = SynCookieMode.Off, RecycleOldest = true }),
        ("SYN cookies on overflow (Linux default)", new ListenerOptions { Backlog = backlog, SynCookies = SynCookieMode.OnOverflow }),
        ("SYN cookies always", new ListenerOptions { Backlog = backlog, SynCookies = SynCookieMode.Always }),
    };

    /// <summary>Runs the experiment once per defence.</summary>
    public static IReadOnlyList<SynFloodRow> Run(SynFloodOptions? options = null)
    {
        options ??= new SynFloodOptions();
        if (options.SpoofedSyns < 1 || options.Clients < 1 || !(options.SynsPerSecond > 0)) throw new ArgumentException("The flood needs SYNs, a rate and clients.", nameof(options));
        var rows = new List<SynFloodRow>();
        foreach ((string name, ListenerOptions listener) in Defences(options.Backlog)) rows.Add(RunOne(name, listener, options));
        return rows;
    }

    private static SynFloodRow RunOne(string name, ListenerOptions listener, SynFloodOptions o)
    {
        var net = new Network(o.Seed);
        HostId client = net.AddHost(InlineIPAddress.Parse("10.0.0.1")), server = net.AddHost(InlineIPAddress.Parse("10.0.0.2"));
        var link = LinkConditions.Perfect with { Delay = o.Delay };
        net.SetLinks(client, server, link);
        net.DefaultLink = link;
        net.Listen(server, 80, EndpointScript.Server(), listener);
        TimeSpan length = TimeSpan.FromSeconds(o.SpoofedSyns / o.SynsPerSecond);
        net.AddSynFlood(server, 80, o.SynsPerSecond, TimeSpan.Zero, length - TimeSpan.FromTicks(1));
        var clients = new ConnectionId[o.Clients];
        for (int i = 0; i < o.Clients; i++)
            clients[i] = net.Connect(client, server, 80, TimeSpan.FromTicks(length.Ticks * (i + 1) / (o.Clients + 1)), EndpointScript.Client(100));
        net.Run(length + TimeSpan.FromMinutes(10));

        int connected = 0;
        TimeSpan total = TimeSpan.Zero, max = TimeSpan.Zero;
        foreach (ConnectionId id in clients)
        {
            // Connected means served: the server took the connection, read the request and closed (its
            // FIN reached the client). A client can believe it is ESTABLISHED while the server dropped it.
            NetworkConnection c = net.GetConnection(id);
            if (!c.PeerClosed || c.Peer is not ConnectionId p || net.GetConnection(p).ConnectedAt is not TimeSpan at) continue;
            connected++;
            TimeSpan wait = at - c.OpenedAt;
            total += wait;
            if (wait > max) max = wait;
        }
        ListenerStatus s = net.GetListener(server, 80);
        return new SynFloodRow(name, s.MostHalfOpen, (long)s.MostHalfOpen * s.BytesPerHalfOpen, connected, o.Clients,
            connected > 0 ? total / connected : TimeSpan.Zero, max, s.SynsDropped, s.CookiesSent);
    }
}
