using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using TcpModel.Simulation;
using TcpModel.Transcripts;

namespace TcpModel.Cli;

/// <summary>
/// <c>tcpmodel simulate NAME [--seed N] [--pcap FILE] [--transcript] [--format text|json] [--lang en|zh]</c>:
/// runs a named simulation (<see cref="NetworkScenarios"/>) on the virtual clock and prints a summary.
/// The same seed gives the same run and a byte-identical pcap. Exit codes: 0 the run completed,
/// 2 bad usage or a file that cannot be written.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>Simulated time after which a run stops (and counts as not completed).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromHours(1);

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string?>("name") { Description = "A named scenario (see --list) or a scenario file (docs/simulation.md).", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the scenarios." };
        var seed = new Option<ulong>("--seed") { Description = "The seed of every random choice (faults, ISNs); the same seed gives the same run.", DefaultValueFactory = _ => 1 };
        var pcap = new Option<string?>("--pcap") { Description = "Write the run as a pcap (as the segments leave their hosts) to this file." };
        var transcript = new Option<bool>("--transcript") { Description = "Print the shown connection's exchange as a transcript table too." };
        var format = new Option<string>("--format", "-f") { Description = "Summary format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var lang = new Option<string>("--lang") { Description = "Language of descriptions and transcripts: en or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var syns = new Option<int>("--syns") { Description = "syn-flood: spoofed SYNs in all.", DefaultValueFactory = _ => 1_000_000 };
        var clients = new Option<int>("--clients") { Description = "syn-flood: legitimate clients connecting during the flood.", DefaultValueFactory = _ => 200 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line on stderr." };
        var backlog = new Option<int>("--backlog") { Description = "syn-flood: the listener's backlog.", DefaultValueFactory = _ => 128 };
        var command = new Command("simulate", "Run a named simulation: hosts over faulty links on a virtual clock (loss, reordering, duplication, partitions), with a summary, a pcap and a transcript; syn-flood compares the RFC 4987 defences.")
        {
            name, list, seed, pcap, transcript, format, lang, syns, clients, backlog, quiet,
        };
        command.SetAction(r =>
        {
            bool chinese = r.GetValue(lang) == "zh";
            if (r.GetValue(list))
            {
                int width = NetworkScenarios.All.Max(s => s.Name.Length);
                foreach (NetworkScenario s in NetworkScenarios.All) stdout.WriteLine(s.Name.PadRight(width) + "  " + (chinese ? s.Chinese : s.English));
                stdout.WriteLine(SynFloodName.PadRight(width) + "  " + (chinese ? SynFloodChinese : SynFloodEnglish));
                return CliApp.Ok;
            }
            string? n = r.GetValue(name);
            if (n is null) return Usage(stderr, "give a scenario name, or --list to see them.");
            if (string.Equals(n, SynFloodName, StringComparison.OrdinalIgnoreCase))
            {
                int s = r.GetValue(syns), c = r.GetValue(clients), b = r.GetValue(backlog);
                if (s < 1 || s > 100_000_000) return Usage(stderr, "--syns must be between 1 and 100000000, got " + s.ToString(CultureInfo.InvariantCulture) + ".");
                if (c < 1 || c > 100_000) return Usage(stderr, "--clients must be between 1 and 100000, got " + c.ToString(CultureInfo.InvariantCulture) + ".");
                if (b < 0 || b > 65_535) return Usage(stderr, "--backlog must be between 0 and 65535, got " + b.ToString(CultureInfo.InvariantCulture) + ".");
                var options = new SynFloodOptions { SpoofedSyns = s, Clients = c, Backlog = b, Seed = r.GetValue(seed) };
                return RunSynFlood(options, r.GetValue(format) == "json", chinese, stdout);
            }
            if (!NetworkScenarios.TryGet(n, out NetworkScenario? scenario))
            {
                if (!File.Exists(n))
                    return Usage(stderr, "'" + n + "' is neither a scenario nor a file. Known scenarios: " + string.Join(", ", NetworkScenarios.All.Select(s => s.Name)) + ", " + SynFloodName + ".");
                string text;
                try
                {
                    text = File.ReadAllText(n);
                }
                catch (Exception x) when (x is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    return Usage(stderr, "cannot read '" + n + "': " + x.Message);
                }
                if (!ScenarioFile.TryParse(text, Path.GetFileNameWithoutExtension(n), out scenario, out var errors))
                {
                    foreach (ScenarioFileError e in errors) stderr.WriteLine(n + ":" + e);
                    stderr.WriteLine(errors.Count == 1 ? "1 problem found; nothing was run." : errors.Count.ToString(CultureInfo.InvariantCulture) + " problems found; nothing was run.");
                    return CliApp.BadUsage;
                }
            }
            bool seedGiven = r.GetResult(seed) is { Implicit: false };
            ulong runSeed = seedGiven ? r.GetValue(seed) : scenario!.Seed ?? r.GetValue(seed);
            return Run(scenario!, runSeed, r.GetValue(pcap), r.GetValue(transcript), r.GetValue(format) == "json", chinese, stdout, stderr, r.GetValue(quiet));
        });
        return command;
    }

    private const string SynFloodName = "syn-flood";
    private const string SynFloodEnglish = "10^6 spoofed SYNs (10,000/s) at a listener while legitimate clients keep connecting: half-open memory, clients served and their wait, per RFC 4987 defence.";
    private const string SynFloodChinese = "每秒 10,000 个伪造源地址的 SYN（共 10^6 个）涌向监听端口，同时正常客户端不断连接：对比 RFC 4987 各种防御下的半连接内存、成功连接数与等待时间。";

    private static int RunSynFlood(SynFloodOptions options, bool json, bool chinese, TextWriter o)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = SynFlood.Run(options);
        if (json)
        {
            WriteJsonObject(o, w =>
            {
                w.WriteString("scenario", SynFloodName);
                w.WriteNumber("seed", options.Seed);
                w.WriteNumber("spoofedSyns", options.SpoofedSyns);
                w.WriteNumber("synsPerSecond", options.SynsPerSecond);
                w.WriteNumber("backlog", options.Backlog);
                w.WriteStartArray("defences");
                foreach (SynFloodRow r in rows)
                {
                    w.WriteStartObject();
                    w.WriteString("defence", r.Defence);
                    w.WriteNumber("mostHalfOpen", r.MostHalfOpen);
                    w.WriteNumber("halfOpenBytes", r.HalfOpenBytes);
                    w.WriteNumber("served", r.Connected);
                    w.WriteNumber("clients", r.Clients);
                    w.WriteNumber("meanWaitSeconds", r.MeanWait.TotalSeconds);
                    w.WriteNumber("maxWaitSeconds", r.MaxWait.TotalSeconds);
                    w.WriteNumber("synsDropped", r.SynsDropped);
                    w.WriteNumber("cookiesSent", r.CookiesSent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return CliApp.Ok;
        }
        o.WriteLine(SynFloodName + " (seed " + options.Seed.ToString(inv) + "): " + (chinese ? SynFloodChinese : SynFloodEnglish));
        o.WriteLine();
        o.WriteLine(chinese
            ? "| 防御 | 半连接数（峰值） | 半连接内存 | 成功连接 | 平均等待 | 最长等待 | 丢弃的 SYN | SYN cookie |"
            : "| defence | half-open entries (most) | half-open memory | clients served | mean wait | longest wait | SYNs dropped | cookies sent |");
        o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (SynFloodRow r in rows)
        {
            o.WriteLine("| " + (chinese ? Chinese(r.Defence) : r.Defence) + " | " + r.MostHalfOpen.ToString(inv) + " | " + r.HalfOpenBytes.ToString("N0", inv) + " B | "
                + r.Connected.ToString(inv) + " / " + r.Clients.ToString(inv) + " | " + r.MeanWait.TotalSeconds.ToString("0.000", inv) + " s | "
                + r.MaxWait.TotalSeconds.ToString("0.000", inv) + " s | " + r.SynsDropped.ToString("N0", inv) + " | " + r.CookiesSent.ToString("N0", inv) + " |");
        }
        return CliApp.Ok;
    }

    private static string Chinese(string defence) => defence switch
    {
        "none (backlog only)" => "无（仅靠 backlog）",
        "shorter SYN-RECEIVED timer (1 retry)" => "缩短 SYN-RECEIVED 计时（只重传 1 次）",
        "recycle the oldest half-open" => "回收最早的半连接",
        "SYN cookies on overflow (Linux default)" => "队列满时用 SYN cookie（Linux 默认）",
        "SYN cookies always" => "始终用 SYN cookie",
        _ => defence,
    };

    internal static int Run(NetworkScenario scenario, ulong seed, string? pcapPath, bool transcript, bool json, bool chinese, TextWriter stdout, TextWriter stderr, bool quiet = false)
    {
        (Network net, ConnectionId shown) = scenario.Build(seed);
        net.RecordTrace = pcapPath is not null || transcript;
        // A scenario that names its duration has completed when it gets there; otherwise when nothing is left to do.
        bool completed = RunWithProgress(net, scenario.Duration ?? Limit, quiet ? TextWriter.Null : stderr) || scenario.Duration is not null;
        if (pcapPath is not null)
        {
            try
            {
                using FileStream f = File.Create(pcapPath);
                net.WritePcap(f);
                // The pcap merges every host's view (each segment as it leaves its host): no one handshake's
                // timing places it, so the checker is told where it was taken.
                if (!quiet) stderr.WriteLine($"pcap: {pcapPath} (as segments leave their hosts); check it with: tcpmodel check {pcapPath} --at middle");
            }
            catch (Exception x) when (x is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Usage(stderr, "cannot write '" + pcapPath + "': " + x.Message);
            }
        }
        if (json) WriteJson(stdout, scenario, seed, net, completed);
        else WriteText(stdout, scenario, seed, net, completed, chinese);
        if (transcript && !json && net.ConnectionCount > 0)
        {
            stdout.WriteLine();
            stdout.Write(TranscriptRenderer.Render(NetworkTranscript.Of(net, shown, scenario.Name), TranscriptFormat.Markdown,
                new TranscriptRenderOptions { Language = chinese ? TranscriptLanguage.Chinese : TranscriptLanguage.English, Style = SeqStyle.Numeric }));
        }
        return completed ? CliApp.Ok : CliApp.TranscriptProblems;
    }

    /// <summary>Runs in slices; on a terminal, a progress line on stderr (simulated time, events) that is wiped at the end.</summary>
    private static bool RunWithProgress(Network net, TimeSpan limit, TextWriter stderr)
    {
        bool terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long shown = 0;
        bool drawn = false;
        while (!net.Run(limit, maxEvents: 200_000))
        {
            if (net.Now >= limit) break;
            if (terminal && clock.ElapsedMilliseconds - shown >= 250)
            {
                shown = clock.ElapsedMilliseconds;
                stderr.Write(FormattableString.Invariant($"\rsimulating: {net.Now.TotalSeconds:F1} s of {limit.TotalSeconds:F0} s, {net.Stats.Events:N0} events"));
                drawn = true;
            }
        }
        if (drawn) stderr.Write("\r" + new string(' ', 72) + "\r");
        return net.PendingEvents == 0;
    }

    private static void WriteText(TextWriter o, NetworkScenario s, ulong seed, Network net, bool completed, bool chinese)
    {
        NetworkStats st = net.Stats;
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(s.Name + " (seed " + seed.ToString(inv) + "): " + (chinese ? s.Chinese : s.English));
        o.WriteLine((completed ? "completed" : "stopped at the time limit") + " after " + net.Now.TotalSeconds.ToString("0.000", inv) + " s of simulated time, "
            + st.Events.ToString(inv) + " events");
        o.WriteLine("segments: " + st.SegmentsSent.ToString(inv) + " sent, " + st.SegmentsDelivered.ToString(inv) + " delivered, " + st.SegmentsLost.ToString(inv)
            + " lost, " + st.SegmentsDuplicated.ToString(inv) + " duplicated, " + st.Retransmissions.ToString(inv) + " retransmissions, "
            + st.ResetsFromClosedPorts.ToString(inv) + " RSTs from closed ports");
        o.WriteLine();
        o.WriteLine("| connection | host | role | final state | bytes sent | bytes read | peer's FIN |");
        o.WriteLine("|---|---|---|---|---:|---:|---|");
        for (int i = 0; i < net.ConnectionCount; i++)
        {
            NetworkConnection c = net.GetConnection(new ConnectionId(i));
            o.WriteLine("| #" + i.ToString(inv) + " | " + net.AddressOf(c.Host) + ":" + c.Tcp.LocalPort.ToString(inv) + " | " + (c.IsClient ? "client" : "server")
                + " | " + c.Tcp.State.ToRfcName() + " | " + c.BytesSent.ToString(inv) + " | " + c.BytesReceived.ToString(inv) + " | " + (c.PeerClosed ? "yes" : "no") + " |");
        }
    }

    private static void WriteJson(TextWriter o, NetworkScenario s, ulong seed, Network net, bool completed) => WriteJsonObject(o, w =>
        {
            NetworkStats st = net.Stats;
            w.WriteString("scenario", s.Name);
            w.WriteNumber("seed", seed);
            w.WriteBoolean("completed", completed);
            w.WriteNumber("simulatedSeconds", net.Now.TotalSeconds);
            w.WriteNumber("events", st.Events);
            w.WriteNumber("segmentsSent", st.SegmentsSent);
            w.WriteNumber("segmentsDelivered", st.SegmentsDelivered);
            w.WriteNumber("segmentsLost", st.SegmentsLost);
            w.WriteNumber("segmentsDuplicated", st.SegmentsDuplicated);
            w.WriteNumber("retransmissions", st.Retransmissions);
            w.WriteNumber("resetsFromClosedPorts", st.ResetsFromClosedPorts);
            w.WriteStartArray("connections");
            for (int i = 0; i < net.ConnectionCount; i++)
            {
                NetworkConnection c = net.GetConnection(new ConnectionId(i));
                w.WriteStartObject();
                w.WriteNumber("id", i);
                w.WriteString("address", net.AddressOf(c.Host).ToString());
                w.WriteNumber("port", c.Tcp.LocalPort);
                w.WriteString("role", c.IsClient ? "client" : "server");
                w.WriteString("state", c.Tcp.State.ToRfcName());
                w.WriteNumber("bytesSent", c.BytesSent);
                w.WriteNumber("bytesRead", c.BytesReceived);
                w.WriteBoolean("peerClosed", c.PeerClosed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });

    /// <summary>One indented JSON object, its members written by <paramref name="members"/>, then a newline.</summary>
    /// <summary>One indented JSON object, its members written by <paramref name="members"/>, as a line of <paramref name="o"/>.</summary>
    internal static void WriteJsonObject(TextWriter o, Action<Utf8JsonWriter> members)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: simulate: " + message);
        return CliApp.BadUsage;
    }
}
