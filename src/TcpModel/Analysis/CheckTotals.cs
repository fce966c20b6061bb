namespace TcpModel.Analysis;

/// <summary>The counts of a streamed capture check (<see cref="CaptureChecker.TryCheck(System.IO.Stream, System.Action{ConnectionCheck}, out CheckTotals, out Wire.WireError)"/>).</summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct CheckTotals
{
    internal CheckTotals(long packets, long skipped, int connections, int invalid)
    {
        PacketCount = packets;
        SkippedCount = skipped;
        ConnectionCount = connections;
        InvalidCount = invalid;
    }

    /// <summary>Packets read.</summary>
    public long PacketCount { get; }

    /// <summary>Packets that were not TCP or not decodable.</summary>
    public long SkippedCount { get; }

    /// <summary>Connections checked.</summary>
    public int ConnectionCount { get; }

    /// <summary>Connections found invalid.</summary>
    public int InvalidCount { get; }

    /// <summary>The <c>tcpmodel check</c> exit code: 0 when nothing is invalid, 1 when a connection is invalid.</summary>
    public int ExitCode => InvalidCount > 0 ? 1 : 0;
}
