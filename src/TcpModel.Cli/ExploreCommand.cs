using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using TcpModel.Exploration;
using TcpModel.Transcripts;

namespace TcpModel.Cli;

/// <summary>
/// <c>tcpmodel explore</c>: every interleaving of a scenario, breadth-first, with the shortest run to
/// each violated property. Exit codes: 0 complete and nothing violated, 1 a violation (the shortest run
/// is printed), 2 bad usage, 3 stopped at a bound (--max-states, --max-memory, --max-time, --max-depth,
/// or a bit-state search) with nothing found: no proof either way.
/// </summary>
internal static class ExploreCommand
{
    public const int Incomplete = 3;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var profile = new Option<string>("--profile") { Description = "Both endpoints' settings: rfc9293 (no FIN-WAIT-2 timeout) or linux (tcp_fin_timeout 60 s, delayed ACKs).", DefaultValueFactory = _ => "rfc9293" };
        profile.AcceptOnlyFromAmong("rfc9293", "linux");
        var handshake = new Option<string>("--handshake") { Description = "three-way (RFC 9293) or two-way (the server is ESTABLISHED once it sends SYN,ACK; implies --scenario old-duplicate).", DefaultValueFactory = _ => "three-way" };
        handshake.AcceptOnlyFromAmong("three-way", "two-way");
        var scenarioName = new Option<string?>("--scenario") { Description = "handshake-close (default), simultaneous (simultaneous open and close) or old-duplicate (an old SYN reaches the server; the client stays CLOSED)." };
        scenarioName.AcceptOnlyFromAmong("handshake-close", "simultaneous", "old-duplicate");
        var capacity = new Option<int>("--capacity") { Description = "Segments each direction holds at once (1-4); one sent into a full channel is lost.", DefaultValueFactory = _ => 2 };
        var retx = new Option<int>("--retransmissions") { Description = "Retransmissions of one segment before the endpoint gives up.", DefaultValueFactory = _ => 2 };
        var isns = new Option<string>("--isn") { Description = "The ISNs each endpoint may choose, comma-separated.", DefaultValueFactory = _ => "0,4294967295" };
        var noLoss = new Option<bool>("--no-loss") { Description = "The network loses nothing (a full channel still does)." };
        var noDup = new Option<bool>("--no-duplication") { Description = "The network duplicates nothing." };
        var reorder = new Option<bool>("--reorder") { Description = "Any segment in flight may arrive next." };
        var calls = new Option<string>("--calls") { Description = "User calls allowed, comma-separated: client-close, server-close, client-abort, server-abort, client-send, server-send, or none.", DefaultValueFactory = _ => "client-close,server-close" };
        var maxStates = new Option<long?>("--max-states") { Description = "Stop after this many states (reported as incomplete)." };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Stop before the explorer holds this much memory, e.g. 512M, 4G (default 4G)." };
        var maxTime = new Option<double?>("--max-time") { Description = "Stop after this many seconds." };
        var maxDepth = new Option<int?>("--max-depth") { Description = "Explore runs of at most this many moves." };
        var bitState = new Option<int>("--bitstate") { Description = "Bit-state hashing with 2^N bits (10-36; 0 = hash compaction, the default). For swarm runs.", DefaultValueFactory = _ => 0 };
        var order = new Option<string>("--order") { Description = "bfs (breadth-first: shortest counterexamples, two threads) or dfs (depth-first, moves shuffled by --seed: for swarm runs).", DefaultValueFactory = _ => "bfs" };
        order.AcceptOnlyFromAmong("bfs", "dfs");
        var seed = new Option<ulong>("--seed") { Description = "0 explores in the canonical order; another value shuffles moves and fingerprints (a swarm's members each take one).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads expanding the frontier (1 or 2).", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var noTermination = new Option<bool>("--no-termination") { Description = "Skip the check for runs that never end (saves 4 bytes a transition)." };
        var format = new Option<string>("--format", "-f") { Description = "Summary format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var lang = new Option<string>("--lang") { Description = "Language of the run and the transcript: en or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var transcript = new Option<string>("--transcript") { Description = "How the counterexample's transcript is drawn: table (Markdown), text, mermaid, svg or none.", DefaultValueFactory = _ => "table" };
        transcript.AcceptOnlyFromAmong("table", "text", "mermaid", "svg", "none");
        var pcap = new Option<string?>("--pcap") { Description = "Write the first counterexample's segments to this pcap file." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line on stderr." };
        var command = new Command("explore", "Explore every interleaving of deliveries, losses, duplications, timers and user calls of two endpoints, breadth-first; print the shortest run to each violated invariant, deadlock or endless cycle.")
        {
            profile, handshake, scenarioName, capacity, retx, isns, noLoss, noDup, reorder, calls, maxStates, maxMemory, maxTime, maxDepth,
            bitState, order, seed, threads, noTermination, format, lang, transcript, pcap, quiet,
        };
        command.SetAction(r =>
        {
            TcpSettings settings = r.GetValue(profile) == "linux" ? TcpSettings.Linux : TcpSettings.Rfc9293;
            bool twoWay = r.GetValue(handshake) == "two-way";
            string name = r.GetValue(scenarioName) ?? (twoWay ? "old-duplicate" : "handshake-close");
            ExplorationHandshake hs = twoWay ? ExplorationHandshake.TwoWay : ExplorationHandshake.ThreeWay;
            ExplorationScenario scenario = name switch
            {
                "simultaneous" => ExplorationScenario.SimultaneousOpenAndClose(settings) with { Handshake = hs },
                "old-duplicate" => ExplorationScenario.OldDuplicate(settings, hs),
                _ => ExplorationScenario.HandshakeAndClose(settings) with { Handshake = hs },
            };
            if (!TryIsns(r.GetValue(isns)!, out SeqNum[] isnList, out string? isnError)) return Usage(stderr, isnError!);
            if (!TryCalls(r.GetValue(calls)!, out ExplorationCalls callSet, out string? callError)) return Usage(stderr, callError!);
            int cap = r.GetValue(capacity), rt = r.GetValue(retx), bits = r.GetValue(bitState), th = r.GetValue(threads);
            if (cap is < 1 or > ExplorationScenario.MaxChannelCapacity) return Usage(stderr, $"--capacity must be 1 to {ExplorationScenario.MaxChannelCapacity}, got {cap}.");
            if (rt is < 0 or > 255) return Usage(stderr, "--retransmissions must be 0 to 255, got " + rt.ToString(CultureInfo.InvariantCulture) + ".");
            if (bits != 0 && bits is < 10 or > 36) return Usage(stderr, "--bitstate must be 0 or 10 to 36, got " + bits.ToString(CultureInfo.InvariantCulture) + ".");
            if (th < 1) return Usage(stderr, "--threads must be at least 1.");
            if (r.GetValue(maxStates) is < 1) return Usage(stderr, "--max-states must be positive.");
            if (r.GetValue(maxDepth) is < 0) return Usage(stderr, "--max-depth cannot be negative.");
            if (r.GetValue(maxTime) is double secs && !(secs > 0 && secs < 1e7)) return Usage(stderr, "--max-time must be a positive number of seconds.");
            long? memory = 4L << 30;
            if (r.GetValue(maxMemory) is string m && !TrySize(m, out memory)) return Usage(stderr, "--max-memory: '" + m + "' is not a size such as 512M or 4G.");
            if (scenario.ClientOpens || name != "old-duplicate") scenario = scenario with { ClientIsns = isnList };
            scenario = scenario with
            {
                ServerIsns = isnList, ChannelCapacity = cap, MaxRetransmissions = rt, Loss = !r.GetValue(noLoss), Duplication = !r.GetValue(noDup),
                Reordering = r.GetValue(reorder), Calls = callSet,
            };

            bool terminal = !r.GetValue(quiet) && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
            bool drawn = false;
            var options = new ExplorationOptions
            {
                MaxStates = r.GetValue(maxStates),
                MaxMemoryBytes = memory,
                MaxTime = r.GetValue(maxTime) is double t ? TimeSpan.FromSeconds(t) : null,
                MaxDepth = r.GetValue(maxDepth),
                VisitedSet = bits == 0 ? ExplorationVisitedSet.HashCompact : ExplorationVisitedSet.BitState,
                BitStateLog2 = bits == 0 ? 30 : bits,
                Seed = r.GetValue(seed),
                Order = r.GetValue(order) == "dfs" ? ExplorationOrder.DepthFirst : ExplorationOrder.BreadthFirst,
                Threads = th,
                CheckTermination = !r.GetValue(noTermination),
                Progress = terminal ? p =>
                {
                    stderr.Write(FormattableString.Invariant($"\rexploring: {p.States:N0} states, {p.StatesPerSecond:N0}/s, depth {p.Depth}, {p.MemoryBytes / 1048576.0:N0} MiB   "));
                    drawn = true;
                } : null,
            };
            ExplorationResult result = Explorer.Run(scenario, options);
            if (drawn) stderr.Write("\r" + new string(' ', 78) + "\r");

            bool zh = r.GetValue(lang) == "zh";
            if (r.GetValue(pcap) is string path && result.Violations.Count > 0)
            {
                try
                {
                    using FileStream f = File.Create(path);
                    ExplorationTranscript.WritePcap(result.Violations[0], f);
                }
                catch (Exception x) when (x is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    return Usage(stderr, "cannot write '" + path + "': " + x.Message);
                }
            }
            if (r.GetValue(format) == "json") WriteJson(stdout, name, r.GetValue(profile)!, result);
            else WriteText(stdout, name, r.GetValue(profile)!, result, zh, r.GetValue(transcript)!);
            return result.Violations.Count > 0 ? CliApp.TranscriptProblems : result.IsComplete ? CliApp.Ok : Incomplete;
        });
        command.Subcommands.Add(MergeCommand(stdout, stderr));
        return command;
    }

    /// <summary>
    /// <c>tcpmodel explore merge FILE...</c>: the JSON summaries of a swarm's runs (<c>--format json</c>, each
    /// its own <c>--seed</c>) as one: states summed, the (client, server) state pairs reached united, and
    /// the shortest run of each violated property.
    /// </summary>
    private static Command MergeCommand(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "JSON summaries written by explore --format json.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var merge = new Command("merge", "Merge the JSON summaries of independent runs (a swarm): coverage united, the shortest counterexample of each property kept.") { files, format };
        merge.SetAction(r =>
        {
            long states = 0, transitions = 0;
            bool anyComplete = false;
            var reached = new SortedSet<string>(StringComparer.Ordinal);
            var shortest = new SortedDictionary<string, (int Moves, string File, string Json)>(StringComparer.Ordinal);
            string[] paths = r.GetValue(files)!;
            foreach (string path in paths)
            {
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
                    JsonElement root = doc.RootElement;
                    states += root.GetProperty("states").GetInt64();
                    transitions += root.GetProperty("transitions").GetInt64();
                    anyComplete |= root.GetProperty("complete").GetBoolean();
                    foreach (JsonElement pair in root.GetProperty("reached").EnumerateArray()) reached.Add(pair[0].GetString() + " / " + pair[1].GetString());
                    foreach (JsonElement v in root.GetProperty("violations").EnumerateArray())
                    {
                        string name = v.GetProperty("name").GetString()!;
                        int moves = v.GetProperty("moves").GetInt32();
                        if (!shortest.TryGetValue(name, out var best) || moves < best.Moves) shortest[name] = (moves, path, v.GetRawText());
                    }
                }
                catch (Exception x) when (x is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    stderr.WriteLine("explore merge: " + path + ": not a summary written by explore --format json (" + x.Message + ")");
                    return CliApp.BadUsage;
                }
            }
            if (r.GetValue(format) == "json")
            {
                SimulateCommand.WriteJsonObject(stdout, w =>
                {
                    w.WriteNumber("runs", paths.Length);
                    w.WriteBoolean("complete", anyComplete);
                    w.WriteNumber("states", states);
                    w.WriteNumber("transitions", transitions);
                    w.WriteStartArray("reached");
                    foreach (string pair in reached)
                    {
                        string[] two = pair.Split(" / ");
                        w.WriteStartArray();
                        w.WriteStringValue(two[0]);
                        w.WriteStringValue(two[1]);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteStartArray("violations");
                    foreach (var (_, best) in shortest)
                    {
                        using JsonDocument v = JsonDocument.Parse(best.Json);
                        w.WriteStartObject();
                        w.WriteString("file", best.File);
                        foreach (JsonProperty p in v.RootElement.EnumerateObject()) p.WriteTo(w);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            }
            else
            {
                stdout.WriteLine(FormattableString.Invariant($"{paths.Length} runs: {states:N0} states and {transitions:N0} transitions in all (states seen by several runs counted in each), {reached.Count} (client, server) state pairs reached"));
                foreach (var (name, best) in shortest) stdout.WriteLine(FormattableString.Invariant($"violation: {name}, shortest run {best.Moves} moves, in {best.File}"));
                if (shortest.Count == 0) stdout.WriteLine(anyComplete ? "no violation; one run is complete, so none exists within its bounds" : "no violation found; no run is complete, so none is proved absent");
            }
            return shortest.Count > 0 ? CliApp.TranscriptProblems : anyComplete ? CliApp.Ok : Incomplete;
        });
        return merge;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("explore: " + message);
        return CliApp.BadUsage;
    }

    private static bool TryIsns(string text, out SeqNum[] isns, out string? error)
    {
        var list = new List<SeqNum>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out uint v))
            {
                isns = Array.Empty<SeqNum>();
                error = "--isn: '" + part + "' is not a number from 0 to 4294967295 (give a comma-separated list).";
                return false;
            }
            if (!list.Contains(v)) list.Add(v);
        }
        isns = list.ToArray();
        error = null;
        return true;
    }

    private static bool TryCalls(string text, out ExplorationCalls calls, out string? error)
    {
        calls = ExplorationCalls.None;
        error = null;
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            ExplorationCalls? c = part switch
            {
                "none" => ExplorationCalls.None,
                "client-close" => ExplorationCalls.ClientClose,
                "server-close" => ExplorationCalls.ServerClose,
                "client-abort" => ExplorationCalls.ClientAbort,
                "server-abort" => ExplorationCalls.ServerAbort,
                "client-send" => ExplorationCalls.ClientSend,
                "server-send" => ExplorationCalls.ServerSend,
                _ => null,
            };
            if (c is null)
            {
                error = "--calls: unknown call '" + part + "'. Known: client-close, server-close, client-abort, server-abort, client-send, server-send, none.";
                return false;
            }
            calls |= c.Value;
        }
        return true;
    }

    private static bool TrySize(string text, out long? bytes)
    {
        bytes = null;
        string t = text.Trim();
        long unit = 1;
        if (t.Length > 0 && char.ToUpperInvariant(t[^1]) is 'K' or 'M' or 'G' or 'T')
        {
            unit = char.ToUpperInvariant(t[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L << 40 };
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) || v <= 0 || v * unit > long.MaxValue / 2) return false;
        bytes = (long)(v * unit);
        return true;
    }

    private static string Describe(ExplorationScenario s, string name, string profile)
    {
        var inv = CultureInfo.InvariantCulture;
        string isns(IReadOnlyList<SeqNum> l) => "{" + string.Join(", ", l.Select(x => x.Value.ToString(inv))) + "}";
        return $"{name}, profile {profile}, {(s.Handshake == ExplorationHandshake.TwoWay ? "two-way" : "three-way")} handshake, channel capacity {s.ChannelCapacity}"
            + (s.Loss ? ", loss" : "") + (s.Duplication ? ", duplication" : "") + (s.Reordering ? ", reordering" : "")
            + $", at most {s.MaxRetransmissions} retransmissions, client ISN in {isns(s.ClientIsns)}, server ISN in {isns(s.ServerIsns)}";
    }

    private static void WriteText(TextWriter o, string name, string profile, ExplorationResult r, bool zh, string transcriptFormat)
    {
        o.WriteLine("explore: " + Describe(r.Scenario, name, profile));
        string status = r.IsComplete ? (zh ? "完整（每个可达状态都已探索）" : "complete: every reachable state explored")
            : (zh ? "不完整：" : "incomplete: ") + StopText(r);
        o.WriteLine(FormattableString.Invariant($"{r.States:N0} states, {r.Transitions:N0} transitions, depth {r.Depth}, {r.Elapsed.TotalSeconds:0.00} s ({r.StatesPerSecond:N0} states/s), {r.BytesPerState:0.0} bytes/state stored, peak {r.PeakMemoryBytes / 1048576.0:N0} MiB; {status}"));
        if (r.Violations.Count == 0)
        {
            string scope = r.IsComplete ? "" : (zh ? "（在已探索的部分中）" : " (in the part explored)");
            o.WriteLine(zh ? "没有发现违反" + scope + "：不变式成立，没有死锁" + (r.TerminationChecked ? "，每个运行都会结束。" : "。")
                : "no violation" + scope + ": every invariant holds, no deadlock" + (r.TerminationChecked ? ", every run ends." : "."));
            return;
        }
        foreach (ExplorationViolation v in r.Violations)
        {
            o.WriteLine();
            string run = r.CounterexamplesAreShortest ? (zh ? "最短运行" : "shortest run") : (zh ? "运行" : "run");
            string moves = zh ? "步" : v.Length == 1 ? "move" : "moves";
            o.WriteLine(FormattableString.Invariant($"{(zh ? "违反" : "violation")}: {v.Name} — {(zh ? v.ChineseDescription : v.Description)} ({run}: {v.Length} {moves})"));
            o.Write(ExplorationTranscript.Trail(v, zh ? TranscriptLanguage.Chinese : TranscriptLanguage.English));
            if (transcriptFormat == "none") continue;
            TranscriptFormat f = transcriptFormat switch { "text" => TranscriptFormat.Text, "mermaid" => TranscriptFormat.Mermaid, "svg" => TranscriptFormat.Svg, _ => TranscriptFormat.Markdown };
            TranscriptLanguage language = zh ? TranscriptLanguage.Chinese : TranscriptLanguage.English;
            o.WriteLine();
            o.Write(TranscriptRenderer.Render(ExplorationTranscript.Of(v, language), f, new TranscriptRenderOptions { Language = language, Style = SeqStyle.Numeric }));
        }
    }

    private static string StopText(ExplorationResult r) => r.Stop switch
    {
        ExplorationStop.MaxStates => "stopped at --max-states",
        ExplorationStop.MaxMemory => "stopped at --max-memory",
        ExplorationStop.MaxTime => "stopped at --max-time",
        ExplorationStop.MaxDepth => "stopped at --max-depth",
        ExplorationStop.Complete => FormattableString.Invariant($"bit-state search ({r.BitStateFill:P2} of the bits set): states may have been missed"),
        _ => r.Stop.ToString(),
    };

    private static void WriteJson(TextWriter o, string name, string profile, ExplorationResult r) => SimulateCommand.WriteJsonObject(o, w =>
        {
            w.WriteString("scenario", name);
            w.WriteString("profile", profile);
            w.WriteString("handshake", r.Scenario.Handshake == ExplorationHandshake.TwoWay ? "two-way" : "three-way");
            w.WriteNumber("channelCapacity", r.Scenario.ChannelCapacity);
            w.WriteBoolean("loss", r.Scenario.Loss);
            w.WriteBoolean("duplication", r.Scenario.Duplication);
            w.WriteBoolean("reordering", r.Scenario.Reordering);
            w.WriteNumber("maxRetransmissions", r.Scenario.MaxRetransmissions ?? -1);
            w.WriteBoolean("complete", r.IsComplete);
            w.WriteBoolean("terminationChecked", r.TerminationChecked);
            w.WriteString("order", r.Options.Order == ExplorationOrder.DepthFirst ? "dfs" : "bfs");
            w.WriteString("stop", r.Stop.ToString());
            w.WriteNumber("states", r.States);
            w.WriteNumber("transitions", r.Transitions);
            w.WriteNumber("depth", r.Depth);
            w.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
            w.WriteNumber("statesPerSecond", Math.Round(r.StatesPerSecond));
            w.WriteNumber("bytesPerState", Math.Round(r.BytesPerState, 1));
            w.WriteNumber("storeBytes", r.StoreBytes);
            w.WriteNumber("peakMemoryBytes", r.PeakMemoryBytes);
            w.WriteNumber("fullStateBytes", Explorer.StateSize);
            w.WriteString("visitedSet", r.Options.VisitedSet == ExplorationVisitedSet.BitState ? "bitstate" : "hash-compact");
            w.WriteNumber("bitStateFill", Math.Round(r.BitStateFill, 6));
            w.WriteNumber("seed", r.Options.Seed);
            w.WriteStartArray("reached");
            foreach ((TcpState c, TcpState s) in r.ReachedPairs())
            {
                w.WriteStartArray();
                w.WriteStringValue(c.ToRfcName());
                w.WriteStringValue(s.ToRfcName());
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("violations");
            foreach (ExplorationViolation v in r.Violations)
            {
                w.WriteStartObject();
                w.WriteString("kind", v.Kind.ToString());
                w.WriteString("name", v.Name);
                w.WriteString("description", v.Description);
                w.WriteNumber("moves", v.Length);
                if (v.CycleStart is int cs) w.WriteNumber("cycleStart", cs);
                w.WriteString("finalClient", v.FinalClient.State.ToRfcName());
                w.WriteString("finalServer", v.FinalServer.State.ToRfcName());
                w.WriteStartArray("run");
                foreach (ExplorationStep s in v.Steps)
                {
                    w.WriteStartObject();
                    w.WriteString("move", s.Move.Kind.ToString());
                    w.WriteString("side", s.Move.Side == Side.Client ? "client" : "server");
                    if (s.Move.Kind == ExplorationMoveKind.Deliver) w.WriteNumber("index", s.Move.Index);
                    w.WriteNumber("time", s.Time.TotalSeconds);
                    if (s.Segment is TcpSegment seg) w.WriteString("segment", seg.ToString());
                    w.WriteStartArray("sent");
                    for (int k = 0; k < s.Sent.Count; k++)
                    {
                        w.WriteStartObject();
                        w.WriteString("segment", s.Sent[k].ToString());
                        w.WriteString("fate", s.Fates[k] switch
                        {
                            ExplorationFate.Lost => "lost",
                            ExplorationFate.Duplicated => "duplicated",
                            ExplorationFate.ChannelFull => "channel-full",
                            _ => "in-flight",
                        });
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteString("client", s.Client.State.ToRfcName());
                    w.WriteString("server", s.Server.State.ToRfcName());
                    if (s.Rule != TcpRule.None) w.WriteString("rule", s.Rule.ToString());
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
}
