using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TcpModel.Cli;
using TcpModel.Grading;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Cli.Tests;

/// <summary><c>tcpmodel exercise</c>: the question, the key, files for a class, exit codes 0 and 2.</summary>
public sealed class ExerciseCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tcpmodel-exercise-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void Exercise_PrintsTheQuestionOfSeed1ByDefault()
    {
        var (code, output, err) = Run("exercise");
        Assert.Equal(0, code);
        Assert.Empty(err);
        Assert.Equal(ExerciseGenerator.Generate(1).QuestionMarkdown, output);
        Assert.StartsWith("# Exercise 1: TCP connection setup and release", output);
        Assert.Contains("`seq=____`", output);
    }

    [Fact]
    public void Exercise_SameArguments_SameBytes_OtherSeed_OtherExercise()
    {
        var a = Run("exercise", "--seed", "17", "--lang", "zh");
        var b = Run("exercise", "--seed", "17", "--lang", "zh");
        var c = Run("exercise", "--seed", "18", "--lang", "zh");
        Assert.Equal(a.Out, b.Out, StringComparer.Ordinal);
        Assert.NotEqual(a.Out, c.Out);
        Assert.StartsWith("# 练习 17：", a.Out);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Answers_PrintTheKey_WhichParsesBackToTheModelsTranscript(bool numeric)
    {
        var args = new List<string> { "exercise", "--seed", "5", "--lang", "zh", "--answers" };
        if (numeric) args.Add("--numeric");
        var (code, output, err) = Run(args.ToArray());
        Assert.Equal(0, code);
        Assert.Empty(err);
        Exercise e = ExerciseGenerator.Generate(5, new ExerciseOptions { Language = TranscriptLanguage.Chinese, Style = numeric ? SeqStyle.Numeric : SeqStyle.Symbolic });
        Assert.Equal(e.KeyMarkdown, output);
        Assert.True(TranscriptParser.TryParse(output, out IReadOnlyList<Transcript> parsed, out var errors), string.Join("\n", errors));
        Assert.Equal(numeric ? e.KeySections : e.SymbolicKeySections, parsed);
    }

    [Fact]
    public void CountWithOut_WritesAQuestionAndAKeyPerSeed()
    {
        var (code, output, err) = Run("exercise", "--seed", "7", "--count", "3", "--out", _dir, "--lang", "zh");
        Assert.Equal(0, code);
        Assert.Empty(err);
        string[] expected = { "exercise-007.key.md", "exercise-007.md", "exercise-008.key.md", "exercise-008.md", "exercise-009.key.md", "exercise-009.md" };
        Assert.Equal(expected, Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var options = new ExerciseOptions { Language = TranscriptLanguage.Chinese };
        foreach (int seed in new[] { 7, 8, 9 })
        {
            Exercise e = ExerciseGenerator.Generate(seed, options);
            string stem = Path.Combine(_dir, "exercise-" + seed.ToString("D3"));
            Assert.Equal(e.QuestionMarkdown, File.ReadAllText(stem + ".md"));
            Assert.Equal(e.KeyMarkdown, File.ReadAllText(stem + ".key.md"));
            Assert.Contains(stem + ".md", output);
            byte[] bytes = File.ReadAllBytes(stem + ".md");
            Assert.NotEqual(0xEF, bytes[0]); // UTF-8 without a byte-order mark
        }
    }

    [Fact]
    public void Out_WithoutCount_WritesOneExercise_NamedByTheSeed()
    {
        var (code, _, _) = Run("exercise", "--seed", "1234", "--out", _dir, "--numeric");
        Assert.Equal(0, code);
        Assert.Equal(new[] { "exercise-1234.key.md", "exercise-1234.md" }, Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("as numbers", File.ReadAllText(Path.Combine(_dir, "exercise-1234.md")));
    }

    [Theory]
    [InlineData("exercise", "--seed", "-1")]
    [InlineData("exercise", "--seed", "abc")]
    [InlineData("exercise", "--count", "0")]
    [InlineData("exercise", "--count", "3")]
    [InlineData("exercise", "--count", "10001", "--out", "unused")]
    [InlineData("exercise", "--seed", "2147483647", "--count", "2", "--out", "unused")]
    [InlineData("exercise", "--lang", "fr")]
    [InlineData("exercise", "--frobnicate")]
    [InlineData("exercise", "extra")]
    public void BadUsage_ExitsWith2AndSaysWhy(params string[] args)
    {
        var (code, output, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("error: ", err);
        Assert.False(Directory.Exists("unused"));
    }

    [Fact]
    public void Out_ThatIsAFile_ExitsWith2()
    {
        Directory.CreateDirectory(_dir);
        string file = Path.Combine(_dir, "taken");
        File.WriteAllText(file, "not a directory");
        var (code, _, err) = Run("exercise", "--out", file);
        Assert.Equal(2, code);
        Assert.StartsWith("error: exercise: cannot write into '" + file + "'", err);
    }
}
