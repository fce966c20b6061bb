using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using TcpModel.Cli;
using Xunit;

namespace TcpModel.Cli.Tests;

/// <summary>The tcpmodel command: output, exit codes (0 ok, 1 transcript problems, 2 bad usage) and messages.</summary>
public class CliTests
{
    private static (int Code, string Out, string Err) RunWithInput(string stdin, params string[] args) => Cli.RunWithInput(stdin, args);

    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    private static string SeedPath([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "TcpModel.Tests", "Transcripts", "Resources", "seed-tables.md");

    [Fact]
    public void Demo_Chinese_PrintsTheSeedTables()
    {
        var (code, output, err) = Run("demo", "--lang", "zh");
        Assert.Equal(0, code);
        Assert.Empty(err);
        Assert.Contains("## 三次握手", output);
        Assert.Contains("## 四次挥手", output);
        Assert.Contains("`SYN=1`, `ACK=1`, `seq=y`, `ack=x+1`", output);
        Assert.Contains("`FIN=1`, `ACK=1`, `seq=w`, `ack=u+1`", output);
    }

    [Fact]
    public void Demo_NumericText_UsesTheGivenIsns()
    {
        var (code, output, _) = Run("demo", "--format", "text", "--numeric", "--client-isn", "4294967295", "--server-isn", "7");
        Assert.Equal(0, code);
        Assert.Contains("SYN=1 ACK=0 seq=4294967295", output);
        Assert.Contains("SYN=1 ACK=1 seq=7 ack=0", output); // x+1 wraps
    }

    [Fact]
    public void Demo_Svg_IsWellFormedXml()
    {
        var (code, output, _) = Run("demo", "--format", "svg", "--lang", "zh");
        Assert.Equal(0, code);
        Assert.Equal("svg", XDocument.Parse(output).Root!.Name.LocalName);
    }

    [Fact]
    public void Scenario_List_NamesEveryScenario()
    {
        var (code, output, _) = Run("scenario", "--list");
        Assert.Equal(0, code);
        foreach (string name in new[] { "handshake", "teardown", "teardown-server-first", "half-close", "three-segment-close", "data-on-handshake", "simultaneous-open", "simultaneous-close", "refused", "abort", "old-duplicate-syn" })
            Assert.Contains(name, output);
    }

    [Fact]
    public void Scenario_HalfCloseWithData_ShowsWAsItsOwnLetter()
    {
        var (code, output, _) = Run("scenario", "half-close", "--data", "300", "--format", "text");
        Assert.Equal(0, code);
        Assert.Contains("ACK=1 seq=u+1 ack=v+300", output);
        Assert.Contains("FIN=1 ACK=1 seq=w ack=u+1", output);
    }

    [Theory]
    [InlineData("scenario", "no-such-scenario")]
    [InlineData("scenario")]
    [InlineData("scenario", "abort", "--data", "-1")]
    [InlineData("scenario", "handshake", "--client-isn", "x")]
    [InlineData("demo", "--format", "pdf")]
    [InlineData("demo", "--lang", "fr")]
    [InlineData("frobnicate")]
    [InlineData()]
    public void BadUsage_ExitsWith2AndSaysWhy(params string[] args)
    {
        var (code, output, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("error: ", err);
    }

    [Fact]
    public void Render_UnreadableFile_ExitsWith2()
    {
        var (code, _, err) = Run("render", "/no/such/file.md");
        Assert.Equal(2, code);
        Assert.Contains("cannot read '/no/such/file.md'", err);
    }

    [Fact]
    public void Render_SeedFile_ParsesAndPrintsText()
    {
        var (code, output, err) = Run("render", SeedPath(), "--format", "text");
        Assert.Equal(0, code);
        Assert.Empty(err);
        Assert.Contains("C -> S  FIN=1 ACK=0 seq=u", output);
        Assert.Contains("The FIN in step 1 has no `ACK=1`".Replace("`", string.Empty), output);
    }

    [Fact]
    public void Render_BadTranscript_ExitsWith1WithEveryProblemAndItsPosition()
    {
        var (code, output, err) = RunWithInput("C -> S SYN=2 seq=x\nS -> C SYN=1 ACK=1 seq=y\n", "render", "-");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("-:1:12: FlagValue:", err);
        Assert.Contains("-:2:7: MissingField:", err);
        Assert.Contains("2 problems found.", err);
    }

    [Fact]
    public void Render_NumericWithoutBindings_ExitsWith2AndNamesTheSymbol()
    {
        var (code, _, err) = Run("render", SeedPath(), "--numeric");
        Assert.Equal(2, code);
        Assert.Contains("--bind x=", err);
    }

    [Fact]
    public void Render_NumericWithBindings_PrintsNumbers()
    {
        var (code, output, _) = RunWithInput("C -> S  SYN=1 ACK=0 seq=x\nS -> C  SYN=1 ACK=1 seq=y ack=x+1\n", "render", "-", "--numeric", "--bind", "x=100", "--bind", "y=300", "--format", "text");
        Assert.Equal(0, code);
        Assert.Contains("SYN=1 ACK=1 seq=300 ack=101", output);
    }

    [Fact]
    public void Render_BadBinding_ExitsWith2()
    {
        var (code, _, err) = RunWithInput("C -> S  SYN=1 ACK=0 seq=x\n", "render", "-", "--numeric", "--bind", "X=abc");
        Assert.Equal(2, code);
        Assert.Contains("x=1000", err);
    }
}
