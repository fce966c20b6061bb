namespace TcpModel.Wire;

/// <summary>
/// Link-layer header types (tcpdump.org "LINKTYPE_" values, as stored in pcap and pcapng) that the
/// reader can take apart. Other values are read but their packets are skipped.
/// </summary>
public enum LinkType : ushort
{
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    Null = 0,
    /// <summary>Ethernet II, with any number of 802.1Q / 802.1ad (QinQ) VLAN tags.</summary>
    Ethernet = 1,
    /// <summary>Raw IP: the packet starts with an IPv4 or IPv6 header.</summary>
    Raw = 101,
    /// <summary>OpenBSD loopback: a 4-byte address family in network byte order.</summary>
    Loop = 108,
    /// <summary>Linux cooked capture v1 (<c>tcpdump -i any</c> on older libpcap): 16-byte header.</summary>
    LinuxSll = 113,
    /// <summary>Raw IPv4.</summary>
    IPv4 = 228,
    /// <summary>Raw IPv6.</summary>
    IPv6 = 229,
    /// <summary>Linux cooked capture v2 (<c>tcpdump -i any</c> on libpcap 1.10+): 20-byte header.</summary>
    LinuxSll2 = 276,
}
