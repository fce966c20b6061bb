using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace TcpModel.Cli.Tests;

/// <summary>The exit codes and outputs scripts rely on (issue 11).</summary>
public class ExploreCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void Rfc9293_FindsTheFinWait2Hang_Exit1_WithTheShortestRun()
    {
        var (code, output, err) = Run("explore", "--profile", "rfc9293", "--isn", "0", "--transcript", "none");
        Assert.True(code == 1, err);
        Assert.Contains("violation: deadlock", output);
        Assert.Contains("client FIN-WAIT-2, server CLOSED", output);
        Assert.Contains("shortest run: 9 moves", output);
        Assert.Contains("  9.      7 s  server timer expires (RetransmissionLimit)", output);
    }

    [Fact]
    public void Linux_FindsNothing_Exit0()
    {
        var (code, output, err) = Run("explore", "--profile", "linux", "--isn", "4294967295");
        Assert.True(code == 0, err + output);
        Assert.Contains("complete: every reachable state explored", output);
        Assert.Contains("no violation: every invariant holds, no deadlock, every run ends.", output);
    }

    [Fact]
    public void TwoWayHandshake_Exit1_WithItsCounterexample_InChinese()
    {
        var (code, output, _) = Run("explore", "--handshake", "two-way", "--lang", "zh");
        Assert.Equal(1, code);
        Assert.Contains("违反: no-connection-not-asked-for", output);
        Assert.Contains("旧的重复 SYN", output);
        Assert.Contains("服务端进入 `ESTABLISHED`", output);
    }

    [Theory]
    [InlineData("mermaid", "sequenceDiagram")]
    [InlineData("svg", "<svg")]
    [InlineData("text", "old duplicate SYN")]
    public void Counterexample_InEveryRenderer(string format, string expected)
    {
        var (code, output, _) = Run("explore", "--handshake", "two-way", "--transcript", format);
        Assert.Equal(1, code);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void MaxTimeAndMaxMemory_StopCleanly()
    {
        var (code, output, _) = Run("explore", "--profile", "linux", "--max-memory", "16M", "--format", "json");
        Assert.Equal(3, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal("MaxMemory", doc.RootElement.GetProperty("stop").GetString());
        Assert.True(doc.RootElement.GetProperty("peakMemoryBytes").GetInt64() < 48L << 20);
    }

    [Fact]
    public void ThreeWay_OldDuplicate_Exit0()
    {
        var (code, _, err) = Run("explore", "--scenario", "old-duplicate", "--profile", "linux");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void Json_HasTheSummaryScriptsReadAndTheRun()
    {
        var (code, output, _) = Run("explore", "--handshake", "two-way", "--format", "json");
        Assert.Equal(1, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.Equal(154, root.GetProperty("states").GetInt64());
        Assert.True(root.GetProperty("transitions").GetInt64() > root.GetProperty("states").GetInt64());
        Assert.True(root.GetProperty("statesPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("bytesPerState").GetDouble() > 0);
        JsonElement v = root.GetProperty("violations").EnumerateArray().Single();
        Assert.Equal("no-connection-not-asked-for", v.GetProperty("name").GetString());
        Assert.Equal(1, v.GetProperty("moves").GetInt32());
        Assert.Equal("ESTABLISHED", v.GetProperty("finalServer").GetString());
        Assert.Equal("Deliver", v.GetProperty("run")[1].GetProperty("move").GetString());
    }

    [Fact]
    public void MaxStates_StopsCleanly_Exit3_Incomplete()
    {
        var (code, output, _) = Run("explore", "--profile", "linux", "--max-states", "1000", "--format", "json");
        Assert.Equal(3, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal("MaxStates", doc.RootElement.GetProperty("stop").GetString());
        Assert.Equal(1000, doc.RootElement.GetProperty("states").GetInt64());
    }

    [Fact]
    public void BitState_IsNeverCalledComplete()
    {
        var (code, output, _) = Run("explore", "--scenario", "old-duplicate", "--bitstate", "20", "--seed", "5");
        Assert.Equal(3, code);
        Assert.Contains("incomplete: bit-state search", output);
    }

    [Fact]
    public void Pcap_IsWritten()
    {
        string path = Path.Combine(Path.GetTempPath(), "tcpmodel-explore-" + System.Guid.NewGuid().ToString("N") + ".pcap");
        try
        {
            var (code, _, _) = Run("explore", "--handshake", "two-way", "--pcap", path);
            Assert.Equal(1, code);
            Assert.True(new FileInfo(path).Length > 24 + 2 * 16);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Swarm_MembersAndMerge_KeepTheShortestRunOfEachProperty()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tcpmodel-swarm-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var files = new System.Collections.Generic.List<string>();
            var lengths = new System.Collections.Generic.List<int>();
            foreach (string seed in new[] { "1", "2", "3" })
            {
                var (code, output, _) = Run("explore", "--order", "dfs", "--bitstate", "22", "--seed", seed, "--max-states", "20000", "--format", "json");
                Assert.Equal(1, code); // each member finds the FIN-WAIT-2 hang, by some run
                string file = Path.Combine(dir, "member-" + seed + ".json");
                File.WriteAllText(file, output);
                files.Add(file);
                using JsonDocument doc = JsonDocument.Parse(output);
                lengths.Add(doc.RootElement.GetProperty("violations")[0].GetProperty("moves").GetInt32());
            }
            var (mergeCode, merged, err) = Run(["explore", "merge", .. files, "--format", "json"]);
            Assert.True(mergeCode == 1, err);
            using JsonDocument m = JsonDocument.Parse(merged);
            Assert.Equal(3, m.RootElement.GetProperty("runs").GetInt32());
            Assert.Equal(60000, m.RootElement.GetProperty("states").GetInt64());
            JsonElement v = m.RootElement.GetProperty("violations").EnumerateArray().Single();
            Assert.Equal("deadlock", v.GetProperty("name").GetString());
            Assert.Equal(lengths.Min(), v.GetProperty("moves").GetInt32());

            File.WriteAllText(Path.Combine(dir, "bad.json"), "{ \"states\": 1 }");
            var (badCode, _, badErr) = Run("explore", "merge", Path.Combine(dir, "bad.json"));
            Assert.Equal(2, badCode);
            Assert.Contains("not a summary written by explore --format json", badErr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--capacity", "9", "--capacity must be 1 to 4")]
    [InlineData("--isn", "1,x", "'x' is not a number")]
    [InlineData("--calls", "client-dance", "unknown call 'client-dance'")]
    [InlineData("--max-memory", "lots", "not a size")]
    [InlineData("--bitstate", "5", "--bitstate must be 0 or 10 to 36")]
    public void BadArguments_Exit2_WithAMessage(string option, string value, string message)
    {
        var (code, _, err) = Run("explore", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }
}
