using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using TcpModel.Wire;

namespace TcpModel.Tests.Wire;

/// <summary>Paths and hand-checked byte vectors shared by the wire tests.</summary>
internal static class WireTestData
{
    public static string CapturePath(string name, [CallerFilePath] string here = "")
        => Path.Combine(Path.GetDirectoryName(here)!, "Captures", name);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static readonly InlineIPAddress Loopback4 = InlineIPAddress.FromIPv4(0x7F00_0001);
    public static readonly InlineIPAddress Loopback6 = InlineIPAddress.Parse("::1");

    /// <summary>
    /// Frame 1 of Captures/lo-ipv4-simple.pcap from byte 14 (the IPv4 header): the kernel's SYN
    /// 127.0.0.1:47970 → 127.0.0.1:40001, seq 2668570522, win 65495,
    /// &lt;mss 65495,sackOK,TS val 386624154 ecr 0,nop,wscale 10&gt;. Checksum field 0xfe30 (offloaded);
    /// tshark -o tcp.check_checksum:TRUE -V says "incorrect, should be 0xb00b".
    /// </summary>
    public static readonly byte[] SynIPv4 = Hex(
        "4500003cc807400040 0674b27f0000017f000001" +
        "bb629c419f0f279a00000000a002ffd7fe300000" +
        "0204ffd70402080a170b6a9a000000000103030a");

    /// <summary>
    /// Frame 1 of Captures/lo-ipv6-simple.pcap from byte 14: SYN [::1]:60220 → [::1]:40011,
    /// seq 4054033780, win 65476, mss 65476, TS val 2412205834, wscale 10. Field 0x0030; tshark: should be 0x48b3.
    /// </summary>
    public static readonly byte[] SynIPv6 = Hex(
        "600938fd002806400000000000000000000000000000000100000000000000000000000000000001" +
        "eb3c9c4bf1a3a57400000000a002ffc4003000000204ffc40402080a8fc7570a000000000103030a");

    public static long ParseEpochNanoseconds(string text)
    {
        string[] parts = text.Split('.');
        return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1_000_000_000L + long.Parse(parts[1].PadRight(9, '0'), CultureInfo.InvariantCulture);
    }

    /// <summary>A minimal valid 20-byte TCP header (data offset 5, ACK) with <paramref name="options"/> appended and the data offset set to cover them.</summary>
    public static byte[] HeaderWithOptions(byte[] options, int? dataOffsetWords = null)
    {
        var h = new byte[20 + options.Length];
        h[0] = 0x04; h[1] = 0xD2; // 1234
        h[2] = 0x00; h[3] = 0x50; // 80
        h[12] = (byte)((dataOffsetWords ?? (h.Length / 4)) << 4);
        h[13] = (byte)TcpFlags.Ack;
        options.CopyTo(h, 20);
        return h;
    }
}
