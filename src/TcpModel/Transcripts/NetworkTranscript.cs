using System;
using System.Collections.Generic;
using TcpModel.Simulation;

namespace TcpModel.Transcripts;

/// <summary>
/// A connection of a <see cref="Network"/> run as a <see cref="Transcript"/>, so every renderer
/// (Markdown in English or Chinese, text, Mermaid, SVG) shows a simulation. Needs
/// <see cref="Network.RecordTrace"/>.
/// </summary>
public static class NetworkTranscript
{
    /// <summary>
    /// The exchange of <paramref name="connection"/> and its peer: the client is whichever of the two
    /// made the active OPEN. A segment that arrives right after it was sent (nothing else of the pair
    /// between) is one step; otherwise its sending and its arrival are two (<see cref="TranscriptDelivery.Sent"/>,
    /// <see cref="TranscriptDelivery.Arrived"/>); a lost one is <see cref="TranscriptDelivery.Lost"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such connection.</exception>
    public static Transcript Of(Network network, ConnectionId connection, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        NetworkConnection self = network.GetConnection(connection);
        ConnectionId client = connection, server = self.Peer ?? new ConnectionId(-1);
        if (!self.IsClient) (client, server) = (server, client);
        bool Mine(in NetworkTraceEntry t, out Side side)
        {
            side = Side.Client;
            if (t.Connection is not ConnectionId id) return false;
            if (id == client) { side = Side.Client; return true; }
            if (id == server) { side = Side.Server; return true; }
            return false;
        }

        var entries = new List<(NetworkTraceEntry Entry, Side Side)>();
        foreach (NetworkTraceEntry t in network.Trace)
            if (Mine(t, out Side side)) entries.Add((t, side));

        var steps = new List<TranscriptStep>();
        TcpState clientState = TcpState.Closed, serverState = TcpState.Listen;
        for (int i = 0; i < entries.Count; i++)
        {
            (NetworkTraceEntry t, Side side) = entries[i];
            Side sender = t.Kind == NetworkTraceKind.Delivered ? Other(side) : side;
            Set(side, t.State, ref clientState, ref serverState);
            TranscriptDelivery delivery = t.Kind switch
            {
                NetworkTraceKind.Lost => TranscriptDelivery.Lost,
                NetworkTraceKind.Delivered => TranscriptDelivery.Arrived,
                _ => TranscriptDelivery.Sent,
            };
            TcpRule rule = t.Rule;
            if (t.Kind == NetworkTraceKind.Sent && i + 1 < entries.Count && entries[i + 1].Entry.Kind == NetworkTraceKind.Delivered
                && entries[i + 1].Side == Other(side) && entries[i + 1].Entry.Segment == t.Segment)
            {
                (NetworkTraceEntry arrival, Side receiver) = entries[++i];
                Set(receiver, arrival.State, ref clientState, ref serverState);
                delivery = TranscriptDelivery.Delivered;
                rule = arrival.Rule;
            }
            steps.Add(new TranscriptStep(sender, TranscriptSegment.FromSegment(t.Segment), clientState, serverState, rule,
                note: null, time: t.Time, delivery: delivery));
        }
        return new Transcript(steps, TcpState.Closed, TcpState.Listen, title);
    }

    private static Side Other(Side s) => s == Side.Client ? Side.Server : Side.Client;

    private static void Set(Side side, TcpState state, ref TcpState client, ref TcpState server)
    {
        if (side == Side.Client) client = state;
        else server = state;
    }
}
