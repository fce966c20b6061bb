namespace TcpModel.Wire;

/// <summary>What a decoder could tell about a TCP checksum.</summary>
public enum ChecksumStatus : byte
{
    /// <summary>Not verified: the capture does not hold the whole segment (snaplen), or nothing was decoded.</summary>
    NotVerified = 0,
    /// <summary>The checksum is correct.</summary>
    Good,
    /// <summary>
    /// The checksum is wrong. On captures taken on the sending host (loopback included) this is
    /// normal: checksum offload leaves a partial sum in the field (Zeek history letter <c>c</c>).
    /// </summary>
    Bad,
}
