namespace TcpModel.Wire;

/// <summary>The container format of a capture file.</summary>
public enum CaptureFormat : byte
{
    /// <summary>Not known yet (nothing read) or not recognised.</summary>
    Unknown = 0,
    /// <summary>Classic libpcap format (microsecond or nanosecond, either byte order).</summary>
    Pcap,
    /// <summary>pcapng (draft-ietf-opsawg-pcapng), any byte order per section.</summary>
    PcapNg,
}
