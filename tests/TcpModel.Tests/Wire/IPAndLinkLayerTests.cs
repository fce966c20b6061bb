using System;
using System.Linq;
using TcpModel.Wire;
using Xunit;
using static TcpModel.Tests.Wire.WireTestData;

namespace TcpModel.Tests.Wire;

public class IPAndLinkLayerTests
{
    private static readonly byte[] EthernetHeaderIPv4 = Hex("000000000000 000000000000 0800");
    private static readonly byte[] TcpOfSyn4 = SynIPv4.AsSpan(20).ToArray();
    private static readonly byte[] TcpOfSyn6 = SynIPv6.AsSpan(40).ToArray();

    [Fact]
    public void IPv4_KernelSyn_GivesAddressesProtocolAndTcpLength()
    {
        Assert.True(IPHeader.TryDecode(SynIPv4, out IPHeader ip, out WireError error));
        Assert.Equal(WireError.None, error);
        Assert.Equal(4, ip.Version);
        Assert.Equal(Loopback4, ip.Source);
        Assert.Equal("127.0.0.1", ip.Destination.ToString());
        Assert.Equal(IPHeader.ProtocolTcp, ip.Protocol);
        Assert.Equal(20, ip.UpperLayerOffset);
        Assert.Equal(40, ip.UpperLayerLength);
        Assert.Equal(64, ip.HopLimit);
        Assert.False(ip.IsFragment);
    }

    [Fact]
    public void IPv4_WithOptions_SkipsThemToTheTcpHeader()
    {
        // IHL 6: one 4-byte option (NOP NOP NOP EOL).
        byte[] ip = [.. SynIPv4.AsSpan(0, 20), 1, 1, 1, 0, .. TcpOfSyn4];
        ip[0] = 0x46;
        ip[3] += 4;
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Raw, ip, ip.Length);
        Assert.True(p.IsTcp, p.ToString());
        Assert.Equal(24, p.TcpOffset);
        Assert.Equal(40001, p.Segment.DestinationPort);
        Assert.Equal(0xb00b, TcpChecksum.Compute(p.Source, p.Destination, ip.AsSpan(24)));
    }

    [Fact]
    public void IPv4_HeaderLengthBelowFive_IsAnError()
    {
        byte[] ip = (byte[])SynIPv4.Clone();
        ip[0] = 0x44;
        Assert.False(IPHeader.TryDecode(ip, out _, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.IPv4HeaderLengthInvalid, 0), error);
    }

    [Fact]
    public void IPv4_TotalLengthBelowHeader_IsAnErrorAtByte2()
    {
        byte[] ip = (byte[])SynIPv4.Clone();
        ip[2] = 0; ip[3] = 19;
        Assert.False(IPHeader.TryDecode(ip, out _, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.IPv4TotalLengthInvalid, 2), error);
    }

    [Theory]
    [InlineData(0x20, 0x00)] // MF set, offset 0: first fragment
    [InlineData(0x00, 0x10)] // offset 16 × 8 bytes: a later fragment
    public void IPv4_Fragment_IsSkippedNotMisread(byte flagsHigh, byte offsetLow)
    {
        byte[] ip = (byte[])SynIPv4.Clone();
        ip[6] = flagsHigh;
        ip[7] = offsetLow;
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Raw, ip, ip.Length);
        Assert.Equal(PacketSkipReason.Fragment, p.SkipReason);
        Assert.False(p.IsTcp);
        Assert.Equal(Loopback4, p.Source);
    }

    [Fact]
    public void IPv4_Udp_IsSkippedAsNotTcp()
    {
        byte[] ip = (byte[])SynIPv4.Clone();
        ip[9] = 17;
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.IPv4, ip, ip.Length);
        Assert.Equal(PacketSkipReason.NotTcp, p.SkipReason);
        Assert.False(p.Error.IsError);
    }

    [Fact]
    public void IPv4_TotalLengthZero_FromSegmentationOffload_UsesTheFrameLength()
    {
        byte[] ip = [.. SynIPv4, .. new byte[100]];
        ip[2] = 0; ip[3] = 0;
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Raw, ip, ip.Length);
        Assert.True(p.IsTcp, p.ToString());
        Assert.Equal(100, p.Segment.PayloadLength);
    }

    [Fact]
    public void IPv6_KernelSyn_GivesAddressesAndTcpLength()
    {
        Assert.True(IPHeader.TryDecode(SynIPv6, out IPHeader ip, out _));
        Assert.Equal(6, ip.Version);
        Assert.Equal(Loopback6, ip.Source);
        Assert.Equal("::1", ip.Destination.ToString());
        Assert.Equal(40, ip.UpperLayerOffset);
        Assert.Equal(40, ip.UpperLayerLength);
    }

    /// <summary>IPv6 header with the given chain of extension headers (each given with its next-header value) before the SYN's TCP header.</summary>
    private static byte[] IPv6With(byte firstNext, params byte[][] extensions)
    {
        byte[] body = [.. extensions.SelectMany(e => e), .. TcpOfSyn6];
        byte[] ip = [.. SynIPv6.AsSpan(0, 40), .. body];
        ip[4] = (byte)(body.Length >> 8);
        ip[5] = (byte)body.Length;
        ip[6] = firstNext;
        return ip;
    }

    [Fact]
    public void IPv6_HopByHopRoutingDestinationAndAH_AreSkipped()
    {
        byte[] hopByHop = [43, 0, 1, 4, 0, 0, 0, 0];                  // next Routing, 8 bytes (PadN)
        byte[] routing = [60, 1, 0, 0, 0, 0, 0, 0, .. new byte[8]];   // next Destination Options, 16 bytes
        byte[] destination = [51, 0, 1, 4, 0, 0, 0, 0];               // next AH, 8 bytes
        byte[] ah = [6, 4, 0, 0, .. new byte[20]];                    // next TCP, (4 + 2) × 4 = 24 bytes
        byte[] ip = IPv6With(0, hopByHop, routing, destination, ah);
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.IPv6, ip, ip.Length);
        Assert.True(p.IsTcp, p.ToString());
        Assert.Equal(40 + 8 + 16 + 8 + 24, p.TcpOffset);
        Assert.Equal(60220, p.Segment.SourcePort);
        Assert.Equal(0, p.Segment.PayloadLength);
        Assert.Equal(ChecksumStatus.Bad, p.Checksum); // the kernel's offloaded field, as captured
    }

    [Fact]
    public void IPv6_FragmentHeader_NonAtomic_IsSkippedAsFragment()
    {
        byte[] ip = IPv6With(44, [6, 0, 0, 1, 0, 0, 0, 42]); // offset 0, M = 1
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Raw, ip, ip.Length);
        Assert.Equal(PacketSkipReason.Fragment, p.SkipReason);
    }

    [Fact]
    public void IPv6_AtomicFragment_IsAWholePacket()
    {
        byte[] ip = IPv6With(44, [6, 0, 0, 0, 0, 0, 0, 42]); // offset 0, M = 0 (RFC 6946)
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Raw, ip, ip.Length);
        Assert.True(p.IsTcp, p.ToString());
        Assert.Equal(48, p.TcpOffset);
    }

    [Fact]
    public void IPv6_ExtensionHeaderLongerThanPayload_IsAnError()
    {
        byte[] ip = IPv6With(60, [6, 200, 0, 0, 0, 0, 0, 0]); // claims (200 + 1) × 8 bytes
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Raw, ip, ip.Length);
        Assert.Equal(new WireError(WireErrorCode.IPv6ExtensionHeaderInvalid, 41), p.Error);
    }

    [Fact]
    public void IPv6_NoNextHeader_IsSkippedAsNotTcp()
    {
        byte[] ip = IPv6With(59);
        Assert.Equal(PacketSkipReason.NotTcp, TcpPacketDecoder.Decode(LinkType.Raw, ip, ip.Length).SkipReason);
    }

    [Fact]
    public void Ethernet_WithQinQAndVlanTags_ReachesTheIPHeader()
    {
        byte[] frame = [.. new byte[12], 0x88, 0xA8, 0, 100, 0x81, 0x00, 0, 200, 0x08, 0x00, .. SynIPv4];
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Ethernet, frame, frame.Length);
        Assert.True(p.IsTcp, p.ToString());
        Assert.Equal(22 + 20, p.TcpOffset);
    }

    [Fact]
    public void Ethernet_Arp_IsSkippedAsNotIP()
    {
        byte[] frame = [.. new byte[12], 0x08, 0x06, .. new byte[28]];
        Assert.Equal(PacketSkipReason.NotIP, TcpPacketDecoder.Decode(LinkType.Ethernet, frame, frame.Length).SkipReason);
    }

    [Fact]
    public void Ethernet_EtherTypeSaysIPv6ButPacketIsIPv4_IsAVersionError()
    {
        byte[] frame = [.. new byte[12], 0x86, 0xDD, .. SynIPv4];
        Assert.Equal(new WireError(WireErrorCode.IpVersionInvalid, 14), TcpPacketDecoder.Decode(LinkType.Ethernet, frame, frame.Length).Error);
    }

    [Fact]
    public void Ethernet_TrailerPadding_IsNotCountedAsPayload()
    {
        byte[] frame = [.. EthernetHeaderIPv4, .. SynIPv4, 0, 0, 0, 0]; // 4 bytes of FCS/padding
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Ethernet, frame, frame.Length);
        Assert.Equal(0, p.Segment.PayloadLength);
        Assert.Equal(ChecksumStatus.Bad, p.Checksum);
    }

    [Theory]
    [InlineData(LinkType.Null, new byte[] { 2, 0, 0, 0 })]      // AF_INET, little-endian host
    [InlineData(LinkType.Null, new byte[] { 0, 0, 0, 2 })]      // AF_INET, big-endian host
    [InlineData(LinkType.Loop, new byte[] { 0, 0, 0, 2 })]      // OpenBSD LOOP: network order
    public void NullAndLoop_AddressFamilyInEitherByteOrder_ReachesIPv4(LinkType link, byte[] family)
    {
        byte[] frame = [.. family, .. SynIPv4];
        Assert.True(TcpPacketDecoder.Decode(link, frame, frame.Length).IsTcp);
    }

    [Theory]
    [InlineData(new byte[] { 30, 0, 0, 0 })] // Darwin AF_INET6
    [InlineData(new byte[] { 0, 0, 0, 28 })] // FreeBSD, big-endian
    [InlineData(new byte[] { 24, 0, 0, 0 })] // NetBSD / OpenBSD
    public void Null_IPv6AddressFamilies_ReachIPv6(byte[] family)
    {
        byte[] frame = [.. family, .. SynIPv6];
        DecodedPacket p = TcpPacketDecoder.Decode(LinkType.Null, frame, frame.Length);
        Assert.True(p.IsTcp, p.ToString());
        Assert.Equal(6, p.IPVersion);
    }

    [Fact]
    public void LinuxSll_ProtocolField_ReachesIPv4()
    {
        byte[] frame = [0, 0, 3, 4, 0, 6, .. new byte[8], 0x08, 0x00, .. SynIPv4];
        Assert.Equal(36, TcpPacketDecoder.Decode(LinkType.LinuxSll, frame, frame.Length).TcpOffset);
    }

    [Fact]
    public void LinuxSll2_ProtocolField_ReachesIPv6()
    {
        byte[] frame = [0x86, 0xDD, 0, 0, 0, 0, 0, 1, 3, 4, 0, 6, .. new byte[8], .. SynIPv6];
        Assert.Equal(60, TcpPacketDecoder.Decode(LinkType.LinuxSll2, frame, frame.Length).TcpOffset);
    }

    [Fact]
    public void UnknownLinkType_IsSkippedNotAnError()
    {
        DecodedPacket p = TcpPacketDecoder.Decode((LinkType)147, SynIPv4, SynIPv4.Length);
        Assert.Equal(PacketSkipReason.UnsupportedLinkType, p.SkipReason);
        Assert.False(p.Error.IsError);
    }

    [Fact]
    public void TruncatedLinkHeader_IsATruncatedErrorAtItsEnd()
    {
        Assert.Equal(new WireError(WireErrorCode.Truncated, 10), TcpPacketDecoder.Decode(LinkType.Ethernet, new byte[10], 10).Error);
    }

    [Fact]
    public void TcpErrorOffset_IsRelativeToTheFrame()
    {
        byte[] frame = [.. EthernetHeaderIPv4, .. SynIPv4];
        frame[14 + 20 + 12] = 0x40; // data offset 4
        Assert.Equal(new WireError(WireErrorCode.TcpDataOffsetTooSmall, 14 + 20 + 12), TcpPacketDecoder.Decode(LinkType.Ethernet, frame, frame.Length).Error);
    }

    [Fact]
    public void InlineAddress_RoundTripsThroughIPAddress_AndOrdersV4BeforeV6()
    {
        var v6 = InlineIPAddress.Parse("2001:db8::7");
        Assert.Equal(v6, InlineIPAddress.FromIPAddress(v6.ToIPAddress()));
        Assert.Equal("2001:db8::7", v6.ToString());
        Assert.Equal(16, v6.Length);
        Assert.True(Loopback4.CompareTo(v6) < 0);
        Assert.NotEqual(InlineIPAddress.Parse("::ffff:127.0.0.1"), Loopback4);
        Assert.Equal(0, default(InlineIPAddress).Version);
    }
}
