using System;
using System.Buffers.Binary;

namespace TcpModel.Wire;

/// <summary>Finds the IP header inside a captured frame for each supported <see cref="LinkType"/>.</summary>
/// <remarks>Stateless; thread-safe; never allocates or throws on data.</remarks>
public static class LinkLayer
{
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const ushort EtherTypeVlan = 0x8100;   // IEEE 802.1Q
    private const ushort EtherTypeQinQ = 0x88A8;   // IEEE 802.1ad
    private const ushort EtherTypeQinQOld = 0x9100; // pre-standard QinQ

    /// <summary>
    /// Locates the network-layer header of <paramref name="frame"/>.
    /// </summary>
    /// <param name="linkType">The frame's link type.</param>
    /// <param name="frame">The captured frame.</param>
    /// <param name="offset">Offset of the IP header; 0 unless the method returns true.</param>
    /// <param name="ipVersion">4 or 6 as the link header announces it (0 for raw IP, where the version nibble decides).</param>
    /// <param name="skip">Why the frame carries no IP packet, when the method returns false without error.</param>
    /// <param name="error">A link header cut short, when the method returns false with an error.</param>
    /// <returns>Whether an IP header starts at <paramref name="offset"/>.</returns>
    public static bool TryFindNetworkHeader(LinkType linkType, ReadOnlySpan<byte> frame, out int offset, out int ipVersion, out PacketSkipReason skip, out WireError error)
    {
        offset = 0;
        ipVersion = 0;
        skip = PacketSkipReason.None;
        error = default;
        int at;
        switch (linkType)
        {
            case LinkType.Raw:
            case LinkType.IPv4:
            case LinkType.IPv6:
                ipVersion = linkType == LinkType.IPv4 ? 4 : linkType == LinkType.IPv6 ? 6 : 0;
                return true;

            case LinkType.Ethernet:
                // dst(6) src(6) [TPID(2) TCI(2)]* EtherType(2)
                at = 12;
                while (true)
                {
                    if (frame.Length < at + 2) return Truncated(frame.Length, out error);
                    ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(at));
                    if (etherType is EtherTypeVlan or EtherTypeQinQ or EtherTypeQinQOld)
                    {
                        at += 4;
                        continue;
                    }
                    return FromEtherType(etherType, at + 2, out offset, out ipVersion, out skip);
                }

            case LinkType.LinuxSll:
                // packet type(2) ARPHRD(2) addr len(2) addr(8) protocol(2)
                if (frame.Length < 16) return Truncated(frame.Length, out error);
                return FromEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(14)), 16, out offset, out ipVersion, out skip);

            case LinkType.LinuxSll2:
                // protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) addr len(1) addr(8)
                if (frame.Length < 20) return Truncated(frame.Length, out error);
                return FromEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame), 20, out offset, out ipVersion, out skip);

            case LinkType.Null:
            case LinkType.Loop:
            {
                if (frame.Length < 4) return Truncated(frame.Length, out error);
                // NULL stores the family in the capturing host's order, LOOP in network order;
                // files move between hosts, so accept either: a family is always below 2^16.
                uint family = BinaryPrimitives.ReadUInt32LittleEndian(frame);
                if (family > 0xFFFF) family = BinaryPrimitives.ReadUInt32BigEndian(frame);
                ipVersion = family switch
                {
                    2 => 4,                    // AF_INET everywhere
                    10 or 24 or 28 or 30 => 6, // AF_INET6: Linux, NetBSD/OpenBSD, FreeBSD, Darwin
                    _ => 0,
                };
                if (ipVersion == 0)
                {
                    skip = PacketSkipReason.NotIP;
                    return false;
                }
                offset = 4;
                return true;
            }

            default:
                skip = PacketSkipReason.UnsupportedLinkType;
                return false;
        }
    }

    private static bool FromEtherType(ushort etherType, int headerEnd, out int offset, out int ipVersion, out PacketSkipReason skip)
    {
        ipVersion = etherType == EtherTypeIPv4 ? 4 : etherType == EtherTypeIPv6 ? 6 : 0;
        offset = ipVersion == 0 ? 0 : headerEnd;
        skip = ipVersion == 0 ? PacketSkipReason.NotIP : PacketSkipReason.None;
        return ipVersion != 0;
    }

    private static bool Truncated(int at, out WireError error)
    {
        error = new WireError(WireErrorCode.Truncated, at);
        return false;
    }
}
