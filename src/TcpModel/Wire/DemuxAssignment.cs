namespace TcpModel.Wire;

/// <summary>Where <see cref="TcpDemultiplexer"/> put one packet.</summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct DemuxAssignment
{
    internal DemuxAssignment(int connectionIndex, bool isFromClient, bool opensConnection, int slot)
    {
        ConnectionIndex = connectionIndex;
        Slot = slot;
        IsFromClient = isFromClient;
        OpensConnection = opensConnection;
    }

    /// <summary>Index of the connection (see <see cref="TcpDemultiplexer.GetConnection"/>); −1 when the packet was not TCP.</summary>
    public int ConnectionIndex { get; }

    /// <summary>Where the connection lives while it is not forgotten (slots are reused after <see cref="TcpDemultiplexer.Forget"/>); −1 when not TCP.</summary>
    internal int Slot { get; }

    /// <summary>Whether the packet travels from the client (the first SYN's sender) to the server.</summary>
    public bool IsFromClient { get; }

    /// <summary>Whether this packet opened the connection.</summary>
    public bool OpensConnection { get; }

    /// <summary>Whether the packet was assigned (it was TCP).</summary>
    public bool IsAssigned => ConnectionIndex >= 0;
}
