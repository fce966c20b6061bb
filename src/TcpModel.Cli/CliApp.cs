using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using TcpModel.Transcripts;

namespace TcpModel.Cli;

/// <summary>
/// The <c>tcpmodel</c> command line: parses arguments, calls the library, prints. Exit codes:
/// 0 ok, 1 problems found in a transcript, 2 bad usage or unreadable input.
/// </summary>
internal static class CliApp
{
    public const int Ok = 0, TranscriptProblems = 1, BadUsage = 2;

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var lang = new Option<string>("--lang") { Description = "Language of the output: en or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var format = new Option<string>("--format", "-f") { Description = "Output format: table (Markdown), text, mermaid or svg.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "markdown", "text", "mermaid", "svg");
        var numeric = new Option<bool>("--numeric") { Description = "Print sequence numbers as numbers instead of x+1, u+1, ..." };
        var notes = new Option<bool>("--no-notes") { Description = "Leave out the legend of the letters and the RFC 9293 notes." };
        var clientIsn = new Option<uint>("--client-isn") { Description = "The client's initial sequence number (x).", DefaultValueFactory = _ => 1000 };
        var serverIsn = new Option<uint>("--server-isn") { Description = "The server's initial sequence number (y).", DefaultValueFactory = _ => 5000 };

        var demo = new Command("demo", "The textbook's three-way handshake and four-way teardown, from the model.") { lang, format, numeric, notes, clientIsn, serverIsn };
        demo.SetAction(r =>
        {
            var p = Parameters(r, lang, clientIsn, serverIsn, dataLength: 0);
            return Print(stdout, TranscriptScenarios.Demo(p), r, format, lang, numeric, notes, null);
        });

        var name = new Argument<string?>("name") { Description = "The scenario (see --list).", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the scenarios." };
        var data = new Option<int>("--data") { Description = "Bytes of data where the scenario sends data.", DefaultValueFactory = _ => 100 };
        var scenario = new Command("scenario", "Run a named scenario on the model and print its transcript.") { name, list, lang, format, numeric, notes, clientIsn, serverIsn, data };
        scenario.SetAction(r =>
        {
            TranscriptLanguage language = Language(r, lang);
            if (r.GetValue(list))
            {
                int width = TranscriptScenarios.All.Max(s => s.Name.Length);
                foreach (TranscriptScenario s in TranscriptScenarios.All) stdout.WriteLine(s.Name.PadRight(width) + "  " + s.Describe(language));
                return Ok;
            }
            string? n = r.GetValue(name);
            if (n is null) return Usage(stderr, "scenario: give a scenario name, or --list to see them.");
            if (!TranscriptScenarios.TryGet(n, out TranscriptScenario? found))
                return Usage(stderr, "scenario: unknown scenario '" + n + "'. Known: " + string.Join(", ", TranscriptScenarios.All.Select(s => s.Name)) + ".");
            int bytes = r.GetValue(data);
            if (bytes < 0 || bytes > 65535) return Usage(stderr, "scenario: --data must be between 0 and 65535 bytes (the receive window), got " + bytes + ".");
            return Print(stdout, found!.Run(Parameters(r, lang, clientIsn, serverIsn, bytes)), r, format, lang, numeric, notes, null);
        });

        var file = new Argument<string>("file") { Description = "A transcript: Markdown tables or line notation ('-' reads standard input)." };
        var bind = new Option<string[]>("--bind") { Description = "Values for symbols with --numeric, such as --bind x=1000 --bind y=5000.", AllowMultipleArgumentsPerToken = true };
        var render = new Command("render", "Read a transcript file and print it in another format (problems are reported with line and column).") { file, lang, format, numeric, notes, bind };
        render.SetAction(r =>
        {
            string path = r.GetValue(file)!;
            string text;
            try
            {
                text = path == "-" ? stdin.ReadToEnd() : File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Usage(stderr, "render: cannot read '" + path + "': " + e.Message);
            }
            if (!TranscriptParser.TryParse(text, out IReadOnlyList<Transcript> transcripts, out IReadOnlyList<TranscriptParseError> errors))
            {
                foreach (TranscriptParseError e in errors) stderr.WriteLine(path + ":" + e);
                stderr.WriteLine(errors.Count == 1 ? "1 problem found." : errors.Count + " problems found.");
                return TranscriptProblems;
            }
            var bindings = new Dictionary<char, SeqNum>();
            foreach (string b in r.GetValue(bind) ?? Array.Empty<string>())
            {
                string[] kv = b.Split('=', 2);
                if (kv.Length != 2 || kv[0].Length != 1 || kv[0][0] < 'a' || kv[0][0] > 'z' || !uint.TryParse(kv[1], out uint v))
                    return Usage(stderr, "render: --bind expects a letter and a number, such as x=1000; got '" + b + "'.");
                bindings[kv[0][0]] = v;
            }
            if (r.GetValue(numeric))
            {
                foreach (Transcript t in transcripts)
                    if (!t.TryBind(bindings, out _, out char missing))
                        return Usage(stderr, "render: --numeric needs a value for the symbol '" + missing + "': add --bind " + missing + "=<number>.");
            }
            return Print(stdout, transcripts, r, format, lang, numeric, notes, bindings);
        });

        var root = new RootCommand("tcpmodel: TCP connection management (RFC 9293) as transcripts — textbook tables, diagrams, a reader for students' transcripts.")
        {
            demo, scenario, render, CheckCommand.Create(stdout, stderr),
            ExerciseCommand.Create(stdout, stderr), GradeCommand.Create(stdin, stdout, stderr), SimulateCommand.Create(stdout, stderr), ExploreCommand.Create(stdout, stderr), CompletionCommand.Create(stdout),
        };
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (ParseError e in result.Errors) stderr.WriteLine("error: " + e.Message);
            stderr.WriteLine("Run 'tcpmodel --help' for usage.");
            return BadUsage;
        }
        return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        return BadUsage;
    }

    private static TranscriptLanguage Language(ParseResult r, Option<string> lang) =>
        r.GetValue(lang) == "zh" ? TranscriptLanguage.Chinese : TranscriptLanguage.English;

    private static ScenarioParameters Parameters(ParseResult r, Option<string> lang, Option<uint> clientIsn, Option<uint> serverIsn, int dataLength) => new()
    {
        ClientIsn = r.GetValue(clientIsn),
        ServerIsn = r.GetValue(serverIsn),
        DataLength = dataLength,
        Language = Language(r, lang),
    };

    private static int Print(TextWriter stdout, IReadOnlyList<Transcript> transcripts, ParseResult r, Option<string> format, Option<string> lang,
        Option<bool> numeric, Option<bool> noNotes, IReadOnlyDictionary<char, SeqNum>? bindings)
    {
        TranscriptFormat f = r.GetValue(format) switch
        {
            "text" => TranscriptFormat.Text,
            "mermaid" => TranscriptFormat.Mermaid,
            "svg" => TranscriptFormat.Svg,
            _ => TranscriptFormat.Markdown,
        };
        var options = new TranscriptRenderOptions
        {
            Language = Language(r, lang),
            Style = r.GetValue(numeric) ? SeqStyle.Numeric : SeqStyle.Symbolic,
            Bindings = bindings,
            IncludeNotes = !r.GetValue(noNotes),
        };
        stdout.Write(TranscriptRenderer.RenderAll(transcripts, f, options));
        return Ok;
    }
}
