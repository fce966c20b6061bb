using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TcpModel.Cli;
using Xunit;

namespace TcpModel.Cli.Tests;

public class GradeCommandTests
{
    private static (int Code, string Out, string Err) Run(string stdin, params string[] args) => Cli.RunWithInput(stdin, args);

    private static string Seed([CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "TcpModel.Tests", "Transcripts", "Resources", "seed-tables.md"));

    private static string CorpusDir([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "TcpModel.Tests", "Grading", "Corpus");

    [Fact]
    public void SeedTables_AreCorrect_ExitZero_WithTheNote()
    {
        var (code, output, err) = Run(Seed(), "grade", "-");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.StartsWith("verdict: correct (textbook)", output);
        Assert.Contains("ACK=0 does not mean \"no data\"", output);
    }

    [Fact]
    public void AckX_IsWrongAtStep2_ExitOne_JsonAndChinese()
    {
        string wrong = Seed().Replace("`ack=x+1`（确认客户端序号", "`ack=x`（确认客户端序号");
        var (code, json, _) = Run(wrong, "grade", "-", "--format", "json");
        Assert.Equal(1, code);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal("wrong", doc.RootElement.GetProperty("verdict").GetString());
        JsonElement d = Assert.Single(doc.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(2, d.GetProperty("step").GetInt32());
        Assert.Equal("ack", d.GetProperty("field").GetString());
        Assert.Equal("x", d.GetProperty("found").GetString());
        Assert.Equal("x+1", d.GetProperty("expected").GetString());
        Assert.Contains("SYN 占用一个序号", d.GetProperty("message").GetProperty("zh").GetString());

        var (zhCode, zh, _) = Run(wrong, "grade", "-", "--lang", "zh");
        Assert.Equal(1, zhCode);
        Assert.Contains("第 2 步", zh);
        Assert.Contains("写的是 x，应为 x+1", zh);
    }

    [Fact]
    public void AFolder_InJsonLines_OneObjectPerFile()
    {
        var (code, output, _) = Run("", "grade", CorpusDir(), "--format", "jsonl");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int files = Directory.EnumerateFiles(CorpusDir()).Count(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal));
        Assert.Equal(files, lines.Length);
        Assert.Equal(1, code); // the corpus holds wrong answers
        Assert.All(lines, l => Assert.True(JsonDocument.Parse(l).RootElement.TryGetProperty("file", out _)));
        Assert.Contains(lines, l => l.Contains("\"verdict\":\"correct\"", StringComparison.Ordinal));
    }

    [Fact]
    public void UnreadableInput_ExitTwo_WithLineAndColumn()
    {
        var (code, _, err) = Run("C -> S  SYN=2 seq=x", "grade", "-");
        Assert.Equal(2, code);
        Assert.Matches(@"-:1:\d+", err);
    }

    [Fact]
    public void MissingFile_ExitTwo()
    {
        var (code, _, err) = Run("", "grade", "/no/such/file.md");
        Assert.Equal(2, code);
        Assert.Contains("cannot read", err);
    }
}
