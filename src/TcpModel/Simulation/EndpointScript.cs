using System;

namespace TcpModel.Simulation;

/// <summary>
/// What the application on one end of a connection does, as a small script of user calls on notices
/// (RFC 9293 §3.9's user interface): send so many bytes once connected, close once they are queued,
/// send a reply and close when the peer closes, abort at a time. The data is read as it arrives
/// (RECEIVE of all of it) unless <see cref="Reads"/> is off. For anything else, use
/// <see cref="Network.Schedule(TimeSpan, ConnectionId, in TcpEvent)"/> and <see cref="Network.NoticeReceived"/>. Immutable.
/// </summary>
public sealed record EndpointScript
{
    /// <summary>Does nothing but read.</summary>
    public static EndpointScript Idle { get; } = new();

    /// <summary>A client that sends <paramref name="bytes"/> once connected and then closes.</summary>
    public static EndpointScript Client(int bytes) => new() { SendOnConnected = bytes, CloseAfterSending = true };

    /// <summary>A server that, when the client closes, sends <paramref name="replyBytes"/> and closes too.</summary>
    public static EndpointScript Server(int replyBytes = 0) => new() { SendOnPeerClosing = replyBytes, CloseOnPeerClosing = true };

    /// <summary>Bytes to SEND when the connection is established.</summary>
    public int SendOnConnected { get; init; }

    /// <summary>Whether to CLOSE right after that SEND (the FIN follows the data, RFC 9293 §3.10.4).</summary>
    public bool CloseAfterSending { get; init; }

    /// <summary>Bytes to SEND when the peer's FIN arrives (half-close: the peer still reads).</summary>
    public int SendOnPeerClosing { get; init; }

    /// <summary>Whether to CLOSE when the peer's FIN arrives (after that SEND).</summary>
    public bool CloseOnPeerClosing { get; init; }

    /// <summary>When to ABORT, if at all.</summary>
    public TimeSpan? AbortAt { get; init; }

    /// <summary>Whether the application reads what arrives at once (if not, the receive window fills).</summary>
    public bool Reads { get; init; } = true;

    internal void Validate()
    {
        if (SendOnConnected < 0 || SendOnPeerClosing < 0) throw new ArgumentException("Byte counts cannot be negative.", nameof(SendOnConnected));
        if (AbortAt < TimeSpan.Zero) throw new ArgumentException("A time cannot be negative.", nameof(AbortAt));
    }
}
