using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using TcpModel.Grading;

namespace TcpModel.Cli;

/// <summary>
/// <c>tcpmodel grade FILE|DIR... [--profile textbook|strict] [--lang en|zh] [--format text|json|jsonl]</c>:
/// grades students' transcripts against the model. Exit codes: 0 every transcript correct, 1 a
/// transcript is wrong, 2 bad usage or unreadable input (the parse errors with line and column).
/// </summary>
internal static class GradeCommand
{
    public const int Wrong = 1;

    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "Transcripts (Markdown tables or line notation), folders of them (*.md, *.txt), or '-' for standard input.", Arity = ArgumentArity.OneOrMore };
        var profile = new Option<string>("--profile") { Description = "textbook (omitted fields are fine) or strict (ACK and ack on every segment after the first SYN).", DefaultValueFactory = _ => "textbook" };
        profile.AcceptOnlyFromAmong("textbook", "strict");
        var lang = new Option<string>("--lang") { Description = "Language of the explanations: en or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var format = new Option<string>("--format", "-f") { Description = "text (for a person), json (one object), jsonl (one object per file, for batch grading).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "jsonl");
        var grade = new Command("grade", "Grade a student's handshake/teardown transcript field by field against RFC 9293, with the rule and an explanation for every wrong field.")
        {
            files, profile, lang, format,
        };
        grade.SetAction(r => Run(r.GetValue(files)!, r.GetValue(profile) == "strict" ? GradeProfile.Strict : GradeProfile.Textbook,
            r.GetValue(lang) == "zh" ? TcpLanguage.Chinese : TcpLanguage.English, r.GetValue(format)!, stdin, stdout, stderr));
        return grade;
    }

    internal static int Run(IReadOnlyList<string> args, GradeProfile profile, TcpLanguage language, string format, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var paths = new List<string>();
        foreach (string a in args)
        {
            if (Directory.Exists(a))
                paths.AddRange(Directory.EnumerateFiles(a).Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f, StringComparer.Ordinal));
            else paths.Add(a);
        }
        if (paths.Count == 0) return Usage(stderr, "grade: no *.md or *.txt files in " + string.Join(", ", args) + ".");
        if (format == "json" && paths.Count > 1) return Usage(stderr, "grade: --format json takes one file; use --format jsonl for several.");
        var options = GradeOptions.Default with { Profile = profile };
        int exit = CliApp.Ok;
        foreach (string path in paths)
        {
            string text;
            try
            {
                text = path == "-" ? stdin.ReadToEnd() : File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                if (format == "jsonl")
                {
                    // One bad file in a batch is reported in its line; the others are still graded.
                    stdout.WriteLine("{\"file\":\"" + JsonEncodedText.Encode(path) + "\",\"verdict\":\"unreadable\",\"error\":\"" + JsonEncodedText.Encode(e.Message) + "\"}");
                    exit = CliApp.BadUsage;
                    continue;
                }
                return Usage(stderr, "grade: cannot read '" + path + "': " + e.Message);
            }
            GradeReport report = TranscriptGrader.Grade(text, options);
            switch (format)
            {
                case "json":
                case "jsonl":
                    var ms = new MemoryStream();
                    report.WriteJson(ms, indented: format == "json", file: paths.Count > 1 || format == "jsonl" ? path : null);
                    stdout.WriteLine(Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length));
                    break;
                default:
                    if (paths.Count > 1) stdout.WriteLine("== " + path);
                    if (!report.IsReadable)
                        foreach (var e in report.ParseErrors) stderr.WriteLine(path + ":" + e);
                    stdout.Write(report.ToText(language));
                    break;
            }
            int code = !report.IsReadable ? CliApp.BadUsage : report.IsCorrect ? CliApp.Ok : Wrong;
            exit = Math.Max(exit, code);
        }
        return exit;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        return CliApp.BadUsage;
    }
}
