namespace TcpModel.Wire;

/// <summary>Why a well-formed frame carries no TCP segment to decode. Skips are not errors.</summary>
public enum PacketSkipReason : byte
{
    /// <summary>Not skipped.</summary>
    None = 0,
    /// <summary>The frame's link type is not one of <see cref="LinkType"/>'s.</summary>
    UnsupportedLinkType,
    /// <summary>The link layer carries something other than IPv4 or IPv6 (ARP, LLDP, ...).</summary>
    NotIP,
    /// <summary>The IP packet carries another protocol (UDP, ICMP, ESP, ...).</summary>
    NotTcp,
    /// <summary>The IP packet is a fragment; without reassembly its bytes are not a TCP header.</summary>
    Fragment,
}
