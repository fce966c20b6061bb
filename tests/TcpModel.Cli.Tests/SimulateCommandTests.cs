using System;
using System.IO;
using System.Text.Json;
using TcpModel.Analysis;
using Xunit;

namespace TcpModel.Cli.Tests;

public class SimulateCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void List_NamesEveryScenario()
    {
        var (code, output, _) = Run("simulate", "--list");
        Assert.Equal(0, code);
        foreach (string name in new[] { "lossy-transfer", "partition", "reordering", "closed-port" }) Assert.Contains(name, output);
    }

    [Theory]
    [InlineData("lossy-transfer")]
    [InlineData("partition")]
    [InlineData("reordering")]
    public void Scenario_Completes_WithEveryByteRead(string name)
    {
        var (code, output, err) = Run("simulate", name, "--seed", "7", "--format", "json");
        Assert.True(code == 0, err);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("completed").GetBoolean());
        JsonElement[] conns = [.. root.GetProperty("connections").EnumerateArray()];
        Assert.Equal(2, conns.Length);
        foreach (JsonElement c in conns) Assert.Equal("CLOSED", c.GetProperty("state").GetString());
        // Each side read everything the other sent (the peer's FIN came after it).
        Assert.Equal(conns[0].GetProperty("bytesSent").GetInt64(), conns[1].GetProperty("bytesRead").GetInt64());
        Assert.Equal(conns[1].GetProperty("bytesSent").GetInt64(), conns[0].GetProperty("bytesRead").GetInt64());
    }

    [Theory]
    [InlineData("lossy-transfer")]
    [InlineData("partition")]
    [InlineData("reordering")]
    [InlineData("closed-port")]
    public void ANamedScenariosPcap_IsNeverInvalid_ForCheckAtTheMiddle(string name)
    {
        // A network fault is never a protocol violation: `check --at middle`, as `simulate --pcap` says,
        // exits 0 (no connection invalid) on the pcap of every named scenario, for several seeds.
        string dir = Path.Combine(Path.GetTempPath(), "tcpmodel-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            for (int seed = 1; seed <= 5; seed++)
            {
                string pcap = Path.Combine(dir, $"{name}-{seed}.pcap");
                var (code, _, err) = Run("simulate", name, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pcap", pcap);
                Assert.Equal(0, code);
                Assert.Contains("--at middle", err);
                var (checkCode, output, _) = Run("check", pcap, "--at", "middle", "--quiet");
                Assert.True(checkCode == 0, $"seed {seed}: {output}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SameSeed_ByteIdenticalPcap_OtherSeed_Differs()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tcpmodel-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string a = Path.Combine(dir, "a.pcap"), b = Path.Combine(dir, "b.pcap"), c = Path.Combine(dir, "c.pcap");
            Assert.Equal(0, Run("simulate", "lossy-transfer", "--seed", "3", "--pcap", a).Code);
            Assert.Equal(0, Run("simulate", "lossy-transfer", "--seed", "3", "--pcap", b).Code);
            Assert.Equal(0, Run("simulate", "lossy-transfer", "--seed", "4", "--pcap", c).Code);
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
            using FileStream f = File.OpenRead(a);
            Assert.True(new CaptureChecker().TryCheck(f, out CheckReport report, out var error), error.ToString());
            Assert.Single(report.Connections);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Transcript_IsPrintedAfterTheSummary()
    {
        var (code, output, _) = Run("simulate", "closed-port", "--transcript");
        Assert.Equal(0, code);
        Assert.Contains("RSTs from closed ports", output);
        Assert.Contains("RST", output[output.IndexOf("## closed-port", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void SynFlood_PrintsOneRowPerDefence_CookiesServeEveryone()
    {
        var (code, output, err) = Run("simulate", "syn-flood", "--syns", "50000", "--clients", "20", "--format", "json");
        Assert.True(code == 0, err);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement[] rows = [.. doc.RootElement.GetProperty("defences").EnumerateArray()];
        Assert.Equal(5, rows.Length);
        JsonElement always = rows[4];
        Assert.Equal(0, always.GetProperty("mostHalfOpen").GetInt32());
        Assert.Equal(20, always.GetProperty("served").GetInt32());
        var (zh, table, _) = Run("simulate", "syn-flood", "--syns", "5000", "--clients", "5", "--lang", "zh");
        Assert.Equal(0, zh);
        Assert.Contains("始终用 SYN cookie", table);
    }

    [Theory]
    [InlineData("simulate", "syn-flood", "--syns", "0")]
    [InlineData("simulate", "syn-flood", "--backlog", "-1")]
    [InlineData("simulate")]
    [InlineData("simulate", "no-such-scenario")]
    [InlineData("simulate", "partition", "--format", "xml")]
    public void BadUsage_ExitsTwo(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains("error", err);
    }

    [Fact]
    public void ScenarioFile_Runs_AndABadOneIsRejectedWithPositionsBeforeAnythingRuns()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tcpmodel-simfile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string good = Path.Combine(dir, "good.sim"), bad = Path.Combine(dir, "bad.sim"), pcap = Path.Combine(dir, "bad.pcap");
            File.WriteAllText(good, "seed = 3\n[host c]\naddress = 10.0.0.1\n[host s]\naddress = 10.0.0.2\nlisten = 80\n[connect]\nfrom = c\nto = s:80\nsend = 100\n");
            var (code, output, err) = Run("simulate", good, "--format", "json");
            Assert.True(code == 0, err);
            using (JsonDocument doc = JsonDocument.Parse(output)) Assert.Equal(3ul, doc.RootElement.GetProperty("seed").GetUInt64());

            File.WriteAllText(bad, "[host c]\naddress = 10.0.0.1\n[link c -> nowhere]\nloss = 200%\n");
            (code, output, err) = Run("simulate", bad, "--pcap", pcap);
            Assert.Equal(2, code);
            Assert.Contains("bad.sim:3:2: SIM007", err);
            Assert.Contains("bad.sim:4:8: SIM004", err);
            Assert.Contains("nothing was run", err);
            Assert.False(File.Exists(pcap));
            Assert.Equal("", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Quiet_IsAccepted_ByCheckAndSimulate()
    {
        Assert.Equal(0, Run("simulate", "closed-port", "--quiet").Code);
        string capture = Path.Combine(Path.GetDirectoryName(Here())!, "..", "TcpModel.Tests", "Analysis", "Captures", "linux-half-close.pcap");
        Assert.Equal(0, Run("check", capture, "-q").Code);
    }

    private static string Here([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Fact]
    public void UnwritablePcap_ExitsTwo()
    {
        var (code, _, err) = Run("simulate", "partition", "--pcap", Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "x.pcap"));
        Assert.Equal(2, code);
        Assert.Contains("cannot write", err);
    }
}
