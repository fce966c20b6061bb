using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using TcpModel.Grading;
using TcpModel.Transcripts;

namespace TcpModel.Cli;

/// <summary>
/// <c>tcpmodel exercise [--seed N] [--lang en|zh] [--answers] [--numeric] [--count K] [--out DIR]</c>:
/// a handshake/teardown exercise generated from a seed, run on the model. Prints the question, or
/// with <c>--answers</c> its answer key; with <c>--out DIR</c> writes <c>exercise-NNN.md</c> and
/// <c>exercise-NNN.key.md</c> for the seeds N .. N+K-1 (NNN is the seed, at least three digits).
/// Exit codes: 0 ok, 2 bad usage or a directory that cannot be written.
/// </summary>
internal static class ExerciseCommand
{
    /// <summary>The most exercises one call writes.</summary>
    public const int MaxCount = 10000;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var seed = new Option<int>("--seed") { Description = "The exercise's seed (0 or more); the same seed gives the same exercise.", DefaultValueFactory = _ => 1 };
        var lang = new Option<string>("--lang") { Description = "Language of the exercise: en or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var answers = new Option<bool>("--answers") { Description = "Print the answer key instead of the question." };
        var numeric = new Option<bool>("--numeric") { Description = "Ask for (and print the key with) numbers instead of the textbook's letters x, y, u, v, w." };
        var count = new Option<int>("--count") { Description = "How many exercises to write with --out (seeds N, N+1, ...).", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Write exercise-NNN.md and exercise-NNN.key.md into this directory instead of printing." };
        var command = new Command("exercise", "Generate a handshake/teardown exercise with its answer key, run on the model (ISNs, data, who closes first, half-close, loss and retransmission, three-segment close chosen by the seed).")
        {
            seed, lang, answers, numeric, count, output,
        };
        command.SetAction(r => Run(r.GetValue(seed), r.GetValue(lang) == "zh", r.GetValue(answers), r.GetValue(numeric), r.GetValue(count), r.GetValue(output), stdout, stderr));
        return command;
    }

    internal static int Run(int seed, bool chinese, bool answers, bool numeric, int count, string? directory, TextWriter stdout, TextWriter stderr)
    {
        if (seed < 0) return Usage(stderr, "--seed must be 0 or more, got " + seed.ToString(CultureInfo.InvariantCulture) + ".");
        if (count < 1 || count > MaxCount) return Usage(stderr, "--count must be between 1 and " + MaxCount.ToString(CultureInfo.InvariantCulture) + ", got " + count.ToString(CultureInfo.InvariantCulture) + ".");
        if (count > 1 && directory is null) return Usage(stderr, "--count " + count.ToString(CultureInfo.InvariantCulture) + " needs --out DIR to write the exercises into.");
        if ((long)seed + count - 1 > int.MaxValue) return Usage(stderr, "--seed + --count - 1 must not exceed " + int.MaxValue.ToString(CultureInfo.InvariantCulture) + ".");
        var options = new ExerciseOptions
        {
            Language = chinese ? TranscriptLanguage.Chinese : TranscriptLanguage.English,
            Style = numeric ? SeqStyle.Numeric : SeqStyle.Symbolic,
        };
        if (directory is null)
        {
            Exercise e = ExerciseGenerator.Generate(seed, options);
            stdout.Write(answers ? e.KeyMarkdown : e.QuestionMarkdown);
            return CliApp.Ok;
        }
        try
        {
            Directory.CreateDirectory(directory);
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            for (int i = 0; i < count; i++)
            {
                Exercise e = ExerciseGenerator.Generate(seed + i, options);
                string stem = Path.Combine(directory, "exercise-" + e.Seed.ToString("D3", CultureInfo.InvariantCulture));
                File.WriteAllText(stem + ".md", e.QuestionMarkdown, utf8);
                File.WriteAllText(stem + ".key.md", e.KeyMarkdown, utf8);
                stdout.WriteLine(stem + ".md, " + stem + ".key.md");
            }
        }
        catch (Exception x) when (x is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Usage(stderr, "cannot write into '" + directory + "': " + x.Message);
        }
        return CliApp.Ok;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: exercise: " + message);
        return CliApp.BadUsage;
    }
}
