using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TcpModel.Cli;
using Xunit;

namespace TcpModel.Cli.Tests;

/// <summary><c>tcpmodel check</c>: text and JSON output, exit codes 0 / 1 / 2.</summary>
public class CheckCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    private static string Capture(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "TcpModel.Tests", "Analysis", "Captures", name);

    [Fact]
    public void Check_ValidCapture_PrintsTextAndExitsZero()
    {
        var (code, output, err) = Run("check", Capture("linux-client-close-3seg.pcap"));
        Assert.Equal(0, code);
        Assert.Empty(err);
        Assert.Contains("verdict:      valid", output);
        Assert.Contains("client TIME-WAIT, server CLOSED", output);
        Assert.Contains("SF ShADadFf", output);
        Assert.Contains("completeness: 31", output);
    }

    [Fact]
    public void Check_InvalidCaptureJson_GivesViolationFrameAndExitsOne()
    {
        var (code, output, _) = Run("check", Capture("crafted-fin-ack-not-counting-fin.pcap"), "--format", "json");
        Assert.Equal(1, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement c = doc.RootElement.GetProperty("connections")[0];
        Assert.Equal("invalid", c.GetProperty("verdict").GetString());
        Assert.Equal(7, c.GetProperty("violation").GetProperty("frame").GetInt32());
    }

    [Fact]
    public void Check_IncompleteCapture_ExitsZero()
    {
        var (code, output, _) = Run("check", Capture("crafted-stops-before-fin-acked.pcap"), "-f", "json");
        Assert.Equal(0, code);
        Assert.Contains("\"verdict\": \"incomplete\"", output);
    }

    [Fact]
    public void Check_NotACapture_ExitsTwoWithWireErrorAndOffset()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "definitely not a capture file");
        var (code, _, err) = Run("check", path);
        File.Delete(path);
        Assert.Equal(2, code);
        Assert.Contains("at byte offset 0", err);
    }

    [Fact]
    public void Check_MissingFile_ExitsTwo()
    {
        var (code, _, err) = Run("check", "/nonexistent/capture.pcap");
        Assert.Equal(2, code);
        Assert.Contains("cannot read", err);
    }

    [Fact]
    public void Check_UnknownFormat_ExitsTwo()
    {
        var (code, _, _) = Run("check", Capture("linux-refused.pcap"), "--format", "xml");
        Assert.Equal(2, code);
    }

    [Fact]
    public void Check_LossAtTheClient_IsNamedInTheText_AndInTheJson()
    {
        var (code, output, _) = Run("check", Capture("linux-handshake-ack-lost-at-client.pcap"));
        Assert.Equal(0, code);
        Assert.Contains("lost:         1 segment(s) lost in the network (captured at the client), the first shown at frame 3", output);
        (code, output, _) = Run("check", Capture("linux-handshake-ack-lost-at-client.pcap"), "--format", "json");
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement c = doc.RootElement.GetProperty("connections")[0];
        Assert.Equal("client", c.GetProperty("captureAt").GetString());
        Assert.Equal(1, c.GetProperty("inferredLosses").GetInt32());
        Assert.Equal(3, c.GetProperty("firstInferredLossFrame").GetInt32());
    }

    [Fact]
    public void Check_AtBoth_RulesLossOut_AndTheSameCaptureIsInvalid()
    {
        // Told the capture holds both ends, the checker cannot explain the resent SYN,ACK by a lost ACK.
        var (code, output, _) = Run("check", Capture("linux-handshake-ack-lost-at-client.pcap"), "--at", "both");
        Assert.Equal(1, code);
        Assert.Contains("verdict:      invalid", output);
    }

    [Fact]
    public void Check_ProfileRfc9293_ReportsLinuxLinearSynTimeoutsAsTiming_NotAsAViolation()
    {
        // Four SYNs 1 s apart (Linux 6.5+'s tcp_syn_linear_timeouts), captured at the client: on time
        // for Linux; for RFC 6298 §5.5 the second retransmission is early. Either way the exit code is 0.
        string path = Path.Combine(Path.GetTempPath(), "tcpmodel-timing-" + System.Guid.NewGuid().ToString("N") + ".pcap");
        try
        {
            using (var w = new TcpModel.Wire.PcapWriter(File.Create(path), TcpModel.Wire.LinkType.Raw, nanosecondResolution: true))
            {
                var client = TcpModel.Wire.InlineIPAddress.Parse("10.0.0.1");
                var server = TcpModel.Wire.InlineIPAddress.Parse("10.0.0.2");
                const long Start = 1_700_000_000_000_000_000L, Second = 1_000_000_000L;
                for (int i = 0; i < 4; i++) w.WriteSegment(Start + i * Second, client, server, new TcpSegment(40000, 80, 1000u, default, TcpFlags.Syn, 64240));
                w.WriteSegment(Start + 3 * Second + 20_000_000, server, client, new TcpSegment(80, 40000, 5000u, 1001u, TcpFlags.Syn | TcpFlags.Ack, 65160));
                w.WriteSegment(Start + 3 * Second + 20_050_000, client, server, new TcpSegment(40000, 80, 1001u, 5001u, TcpFlags.Ack, 502));
            }
            var (linuxCode, linux, _) = Run("check", path);
            Assert.Equal(0, linuxCode);
            Assert.DoesNotContain("timing:", linux);
            var (rfcCode, rfc, _) = Run("check", path, "--profile", "rfc9293");
            Assert.Equal(0, rfcCode);
            Assert.Contains("timing:       frame 3, early (RFC 6298 §5.5)", rfc);
            var (jsonCode, json, _) = Run("check", path, "--profile", "rfc9293", "--format", "json");
            Assert.Equal(0, jsonCode);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            Assert.Equal("early", doc.RootElement.GetProperty("connections")[0].GetProperty("timing").GetProperty("kind").GetString());
            Assert.Equal(2, Run("check", path, "--profile", "bsd").Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Check_UnknownCapturePoint_ExitsTwo()
    {
        var (code, _, err) = Run("check", Capture("linux-refused.pcap"), "--at", "router");
        Assert.Equal(2, code);
        Assert.Contains("router", err);
    }

    [Fact]
    public void Check_LangZh_ExplainsTheViolationAndTheLossInChinese()
    {
        var (code, output, _) = Run("check", Capture("crafted-fin-ack-not-counting-fin.pcap"), "--lang", "zh");
        Assert.Equal(1, code);
        Assert.Contains("FIN", output);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", output.Substring(output.IndexOf("violation:", System.StringComparison.Ordinal)));
        (code, output, _) = Run("check", Capture("linux-handshake-ack-lost-at-client.pcap"), "--lang", "zh");
        Assert.Equal(0, code);
        Assert.Contains("推断网络丢失了 1 个报文段（抓包点：客户端），第一个见第 3 帧", output);
    }
}
