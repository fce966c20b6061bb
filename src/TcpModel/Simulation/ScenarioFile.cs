using System;
using System.Collections.Generic;
using System.Globalization;
using TcpModel.Wire;

namespace TcpModel.Simulation;

/// <summary>A mistake in a scenario file: where, and what.</summary>
/// <param name="Line">The line, from 1.</param>
/// <param name="Column">The column, from 1.</param>
/// <param name="Code">A stable code, such as <c>SIM004</c>.</param>
/// <param name="Message">What is wrong.</param>
public readonly record struct ScenarioFileError(int Line, int Column, string Code, string Message)
{
    /// <summary>For example <c>3:9: SIM004 loss: '5x' is not a probability (0..1, or a percentage such as 5%)</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Line}:{Column}: {Code} {Message}");
}

/// <summary>
/// Scenario files for <c>tcpmodel simulate FILE</c>: hosts, listeners, links with faults, connections,
/// floods and scripted faults as sections of <c>key = value</c> lines. The whole file is checked before
/// anything runs: a mistake gives its line, column and code, never a half-run.
/// </summary>
/// <remarks>
/// <code>
/// seed = 7
/// duration = 10min            # simulated time at most
/// settings = linux            # or rfc9293
///
/// [host client]
/// address = 10.0.0.1
///
/// [host server]
/// address = 10.0.0.2
/// listen = 80                 # a listener on this port
/// reply = 500                 # bytes it sends when a client closes
/// backlog = 128
/// syncookies = on-overflow    # off, on-overflow, always
///
/// [link client &lt;-&gt; server]   # or client -&gt; server for one direction
/// delay = 20ms
/// jitter = 2ms
/// loss = 5%
///
/// [connect]
/// from = client
/// to = server:80
/// send = 3000
/// count = 10                  # ten clients,
/// every = 100ms               # one every 100 ms from `at`
///
/// [flood]
/// to = server:80
/// rate = 1000                 # SYNs per second
/// until = 10s
///
/// [fault]
/// host = client
/// drop = SYN                  # or delay = FIN 2s
/// nth = 1
/// </code>
/// Times take ms, s, min or h; rates bit/s with k, M or G (<c>10Mbit</c>); probabilities 0..1 or a percentage.
/// </remarks>
public static class ScenarioFile
{
    private sealed class HostSpec
    {
        public string Name = "";
        public InlineIPAddress Address;
        public ushort ListenPort;
        public int Reply;
        public ListenerOptions Listener = ListenerOptions.Default;
        public int Line;
    }

    private sealed record LinkSpec(string From, string To, bool Both, LinkConditions Conditions, int Line);

    private sealed record ConnectSpec(string From, string To, ushort Port, TimeSpan At, int Send, int Count, TimeSpan Every, int Line, int Column);

    private sealed record FloodSpec(string To, ushort Port, double Rate, TimeSpan From, TimeSpan Until, int Line, int Column);

    private sealed record FaultSpec(string Host, SegmentFaultAction Action, TcpFlags Flags, TimeSpan By, int Nth, int Line, int Column);

    /// <summary>Reads a scenario; false with every mistake found (each with line, column and code).</summary>
    public static bool TryParse(string text, string name, out NetworkScenario? scenario, out IReadOnlyList<ScenarioFileError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errs = new List<ScenarioFileError>();
        var hosts = new List<HostSpec>();
        var links = new List<LinkSpec>();
        var connects = new List<ConnectSpec>();
        var floods = new List<FloodSpec>();
        var faults = new List<FaultSpec>();
        ulong seed = 1;
        TimeSpan? duration = null;
        TcpSettings settings = TcpSettings.Linux;

        string section = "";
        string[] header = Array.Empty<string>();
        int sectionLine = 0;
        var values = new Dictionary<string, (string Value, int Line, int Column, int KeyColumn)>(StringComparer.OrdinalIgnoreCase);
        string[] lines = text.Replace("\r\n", "\n").Split('\n');

        void Error(int line, int column, string code, string message) => errs.Add(new ScenarioFileError(line, column, code, message));

        for (int i = 0; i <= lines.Length; i++)
        {
            string raw = i < lines.Length ? lines[i] : "[end]";
            int hash = raw.IndexOf('#');
            string line = (hash >= 0 ? raw[..hash] : raw).TrimEnd();
            string trimmed = line.TrimStart();
            int indent = line.Length - trimmed.Length;
            if (trimmed.Length == 0) continue;
            if (trimmed[0] == '[')
            {
                CloseSection();
                if (!trimmed.EndsWith(']'))
                {
                    Error(i + 1, indent + 1, "SIM001", "a section header ends with ']'");
                    section = "?";
                    continue;
                }
                header = trimmed[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                section = header.Length > 0 ? header[0].ToLowerInvariant() : "";
                sectionLine = i + 1;
                values.Clear();
                if (i < lines.Length && section is not ("host" or "link" or "connect" or "flood" or "fault"))
                {
                    Error(i + 1, indent + 2, "SIM002", "unknown section '" + (header.Length > 0 ? header[0] : "") + "': host, link, connect, flood or fault");
                    section = "?";
                }
                continue;
            }
            int eq = trimmed.IndexOf('=');
            if (eq <= 0)
            {
                Error(i + 1, indent + 1, "SIM003", "expected 'key = value'");
                continue;
            }
            string key = trimmed[..eq].Trim();
            string value = trimmed[(eq + 1)..].Trim();
            int column = line.IndexOf(value, indent + eq + 1, StringComparison.Ordinal) + 1;
            if (values.ContainsKey(key)) Error(i + 1, indent + 1, "SIM003", "'" + key + "' is given twice in this section");
            values[key] = (value, i + 1, Math.Max(column, 1), indent + 1);
        }

        void CloseSection()
        {
            switch (section)
            {
                case "": Top(); break;
                case "host": Host(); break;
                case "link": Link(); break;
                case "connect": Connect(); break;
                case "flood": Flood(); break;
                case "fault": Fault(); break;
            }
            foreach (var (k, (_, l, _, kc)) in values) Error(l, kc, "SIM003", "unknown key '" + k + "' in this section");
            values.Clear();
        }

        bool Take(string key, out string value, out int line, out int column)
        {
            if (values.Remove(key, out var v))
            {
                (value, line, column, _) = v;
                return true;
            }
            value = "";
            line = sectionLine;
            column = 1;
            return false;
        }

        void Top()
        {
            if (Take("seed", out string s, out int l, out int c) && !ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                Error(l, c, "SIM004", "seed: '" + s + "' is not a whole number");
            if (Take("duration", out s, out l, out c))
            {
                if (TryTime(s, out TimeSpan d) && d > TimeSpan.Zero) duration = d;
                else Error(l, c, "SIM004", "duration: '" + s + "' is not a positive time (such as 10s or 5min)");
            }
            if (Take("settings", out s, out l, out c))
            {
                if (s.Equals("linux", StringComparison.OrdinalIgnoreCase)) settings = TcpSettings.Linux;
                else if (s.Equals("rfc9293", StringComparison.OrdinalIgnoreCase)) settings = TcpSettings.Rfc9293;
                else Error(l, c, "SIM004", "settings: '" + s + "' is not linux or rfc9293");
            }
        }

        void Host()
        {
            if (header.Length != 2)
            {
                Error(sectionLine, 2, "SIM005", "a host section names the host: [host NAME]");
                return;
            }
            var h = new HostSpec { Name = header[1], Line = sectionLine };
            if (hosts.Exists(x => x.Name == h.Name)) Error(sectionLine, 7, "SIM005", "host '" + h.Name + "' is defined twice");
            if (!Take("address", out string s, out int l, out int c)) Error(sectionLine, 1, "SIM006", "host '" + h.Name + "' needs an address");
            else
            {
                try { h.Address = InlineIPAddress.Parse(s); }
                catch (FormatException) { Error(l, c, "SIM004", "address: '" + s + "' is not an IP address"); }
            }
            if (Take("listen", out s, out l, out c) && !TryPort(s, out h.ListenPort)) Error(l, c, "SIM004", "listen: '" + s + "' is not a port (1..65535)");
            if (Take("reply", out s, out l, out c) && !TryCount(s, out h.Reply)) Error(l, c, "SIM004", "reply: '" + s + "' is not a byte count");
            ListenerOptions o = ListenerOptions.Default;
            if (Take("backlog", out s, out l, out c))
            {
                if (TryCount(s, out int b)) o = o with { Backlog = b };
                else Error(l, c, "SIM004", "backlog: '" + s + "' is not a count");
            }
            if (Take("syncookies", out s, out l, out c))
            {
                SynCookieMode? mode = s.ToLowerInvariant() switch { "off" => SynCookieMode.Off, "on-overflow" => SynCookieMode.OnOverflow, "always" => SynCookieMode.Always, _ => null };
                if (mode is SynCookieMode m) o = o with { SynCookies = m };
                else Error(l, c, "SIM004", "syncookies: '" + s + "' is not off, on-overflow or always");
            }
            h.Listener = o;
            hosts.Add(h);
        }

        void Link()
        {
            // [link a -> b] or [link a <-> b]
            if (header.Length != 4 || header[2] is not ("->" or "<->"))
            {
                Error(sectionLine, 2, "SIM005", "a link section is [link A -> B] or [link A <-> B]");
                return;
            }
            LinkConditions lc = LinkConditions.Perfect;
            if (Take("delay", out string s, out int l, out int c)) { if (TryTime(s, out TimeSpan t)) lc = lc with { Delay = t }; else Error(l, c, "SIM004", "delay: '" + s + "' is not a time"); }
            if (Take("jitter", out s, out l, out c)) { if (TryTime(s, out TimeSpan t)) lc = lc with { Jitter = t }; else Error(l, c, "SIM004", "jitter: '" + s + "' is not a time"); }
            if (Take("loss", out s, out l, out c)) { if (TryProbability(s, out double p)) lc = lc with { Loss = p }; else ProbabilityError(l, c, "loss", s); }
            if (Take("duplicate", out s, out l, out c)) { if (TryProbability(s, out double p)) lc = lc with { Duplicate = p }; else ProbabilityError(l, c, "duplicate", s); }
            if (Take("reorder", out s, out l, out c)) { if (TryProbability(s, out double p)) lc = lc with { Reorder = p }; else ProbabilityError(l, c, "reorder", s); }
            if (Take("rate", out s, out l, out c)) { if (TryRate(s, out long r)) lc = lc with { Rate = r }; else Error(l, c, "SIM004", "rate: '" + s + "' is not a rate (such as 10Mbit)"); }
            if (Take("limit", out s, out l, out c)) { if (TryCount(s, out int n) && n > 0) lc = lc with { Limit = n }; else Error(l, c, "SIM004", "limit: '" + s + "' is not a positive count"); }
            if (Take("mtu", out s, out l, out c)) { if (TryCount(s, out int n)) lc = lc with { Mtu = n }; else Error(l, c, "SIM004", "mtu: '" + s + "' is not a byte count"); }
            if (Take("partition", out s, out l, out c))
            {
                string[] parts = s.Split("..");
                if (parts.Length == 2 && TryTime(parts[0].Trim(), out TimeSpan from) && TryTime(parts[1].Trim(), out TimeSpan until) && until >= from)
                    lc = lc with { Partitions = new[] { new Partition(from, until) } };
                else Error(l, c, "SIM004", "partition: '" + s + "' is not FROM..UNTIL (such as 1s..5s)");
            }
            links.Add(new LinkSpec(header[1], header[3], header[2] == "<->", lc, sectionLine));
        }

        void ProbabilityError(int l, int c, string key, string s) => Error(l, c, "SIM004", key + ": '" + s + "' is not a probability (0..1, or a percentage such as 5%)");

        void Connect()
        {
            bool ok = true;
            if (!Take("from", out string from, out int fl, out int fc)) { Error(sectionLine, 1, "SIM006", "a connection needs 'from = HOST'"); ok = false; }
            if (!Take("to", out string to, out int tl, out int tc) || !TrySplitEndpoint(to, out string toHost, out ushort port))
            {
                Error(tl, tc, "SIM006", "a connection needs 'to = HOST:PORT'");
                toHost = "";
                port = 0;
                ok = false;
            }
            TimeSpan at = TimeSpan.Zero, every = TimeSpan.Zero;
            int send = 0, count = 1;
            if (Take("at", out string s, out int l, out int c) && !TryTime(s, out at)) Error(l, c, "SIM004", "at: '" + s + "' is not a time");
            if (Take("send", out s, out l, out c) && !TryCount(s, out send)) Error(l, c, "SIM004", "send: '" + s + "' is not a byte count");
            if (Take("count", out s, out l, out c) && (!TryCount(s, out count) || count < 1 || count > 100_000)) Error(l, c, "SIM004", "count: '" + s + "' is not between 1 and 100000");
            if (Take("every", out s, out l, out c) && !TryTime(s, out every)) Error(l, c, "SIM004", "every: '" + s + "' is not a time");
            if (ok) connects.Add(new ConnectSpec(from, toHost, port, at, send, count, every, fl, fc));
        }

        void Flood()
        {
            if (!Take("to", out string to, out int tl, out int tc) || !TrySplitEndpoint(to, out string host, out ushort port))
            {
                Error(tl, tc, "SIM006", "a flood needs 'to = HOST:PORT'");
                return;
            }
            double rate = 1000;
            TimeSpan from = TimeSpan.Zero, until = TimeSpan.FromSeconds(10);
            if (Take("rate", out string s, out int l, out int c) && (!double.TryParse(s.Replace("/s", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || !(rate > 0) || rate > 1e7))
                Error(l, c, "SIM004", "rate: '" + s + "' is not a number of SYNs per second (up to 10^7)");
            if (Take("from", out s, out l, out c) && !TryTime(s, out from)) Error(l, c, "SIM004", "from: '" + s + "' is not a time");
            if (Take("until", out s, out l, out c) && (!TryTime(s, out until) || until < from)) Error(l, c, "SIM004", "until: '" + s + "' is not a time after 'from'");
            floods.Add(new FloodSpec(host, port, rate, from, until, tl, tc));
        }

        void Fault()
        {
            if (!Take("host", out string host, out int hl, out int hc)) { Error(sectionLine, 1, "SIM006", "a fault needs 'host = HOST'"); return; }
            int nth = 1;
            if (Take("nth", out string s, out int l, out int c) && (!TryCount(s, out nth) || nth < 1)) Error(l, c, "SIM004", "nth: '" + s + "' is not a count from 1");
            if (Take("drop", out s, out l, out c))
            {
                if (TryFlags(s, out TcpFlags f)) faults.Add(new FaultSpec(host, SegmentFaultAction.Drop, f, TimeSpan.Zero, nth, hl, hc));
                else Error(l, c, "SIM004", "drop: '" + s + "' is not flags (SYN, FIN, RST, ACK, PSH, any)");
            }
            else if (Take("delay", out s, out l, out c))
            {
                string[] parts = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && TryFlags(parts[0], out TcpFlags f) && TryTime(parts[1], out TimeSpan by)) faults.Add(new FaultSpec(host, SegmentFaultAction.Delay, f, by, nth, hl, hc));
                else Error(l, c, "SIM004", "delay: '" + s + "' is not FLAGS TIME (such as FIN 2s)");
            }
            else Error(sectionLine, 1, "SIM006", "a fault needs 'drop = FLAGS' or 'delay = FLAGS TIME'");
        }

        // Names used must be hosts.
        var names = new HashSet<string>(hosts.ConvertAll(h => h.Name));
        foreach (LinkSpec ls in links)
            foreach (string n in new[] { ls.From, ls.To })
                if (!names.Contains(n)) Error(ls.Line, 2, "SIM007", "link: no host named '" + n + "'");
        foreach (ConnectSpec cs in connects)
        {
            if (!names.Contains(cs.From)) Error(cs.Line, cs.Column, "SIM007", "connect: no host named '" + cs.From + "'");
            if (!names.Contains(cs.To)) Error(cs.Line, cs.Column, "SIM007", "connect: no host named '" + cs.To + "' (in 'to')");
        }
        foreach (FloodSpec fs in floods) if (!names.Contains(fs.To)) Error(fs.Line, fs.Column, "SIM007", "flood: no host named '" + fs.To + "'");
        foreach (FaultSpec fs in faults) if (!names.Contains(fs.Host)) Error(fs.Line, fs.Column, "SIM007", "fault: no host named '" + fs.Host + "'");
        var addresses = new HashSet<InlineIPAddress>();
        foreach (HostSpec h in hosts) if (h.Address.Version != 0 && !addresses.Add(h.Address)) Error(h.Line, 1, "SIM005", "address " + h.Address + " is used by two hosts");
        if (hosts.Count == 0 && errs.Count == 0) Error(1, 1, "SIM006", "a scenario needs at least one [host NAME] section");

        errs.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        errors = errs;
        if (errs.Count > 0)
        {
            scenario = null;
            return false;
        }

        TimeSpan? limit = duration;
        ulong fileSeed = seed;
        scenario = new NetworkScenario(name, "a scenario file", "场景文件", s =>
        {
            var net = new Network(s, settings);
            var ids = new Dictionary<string, HostId>();
            foreach (HostSpec h in hosts) ids[h.Name] = net.AddHost(h.Address);
            foreach (LinkSpec ls in links)
            {
                if (ls.Both) net.SetLinks(ids[ls.From], ids[ls.To], ls.Conditions);
                else net.SetLink(ids[ls.From], ids[ls.To], ls.Conditions);
            }
            foreach (HostSpec h in hosts)
                if (h.ListenPort != 0) net.Listen(ids[h.Name], h.ListenPort, EndpointScript.Server(h.Reply), h.Listener);
            foreach (FaultSpec f in faults) net.AddFault(new SegmentFault(ids[f.Host], f.Nth, f.Flags, f.Action, f.By));
            foreach (FloodSpec f in floods) net.AddSynFlood(ids[f.To], f.Port, f.Rate, f.From, f.Until);
            ConnectionId first = default;
            bool any = false;
            foreach (ConnectSpec cs in connects)
                for (int k = 0; k < cs.Count; k++)
                {
                    ConnectionId id = net.Connect(ids[cs.From], ids[cs.To], cs.Port, cs.At + cs.Every * k, EndpointScript.Client(cs.Send));
                    if (!any) { first = id; any = true; }
                }
            return (net, first);
        })
        { Seed = fileSeed, Duration = limit };
        return true;
    }

    private static bool TrySplitEndpoint(string s, out string host, out ushort port)
    {
        int colon = s.LastIndexOf(':');
        host = colon > 0 ? s[..colon] : "";
        port = 0;
        return colon > 0 && TryPort(s[(colon + 1)..], out port);
    }

    private static bool TryPort(string s, out ushort port) =>
        ushort.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port != 0;

    private static bool TryCount(string s, out int n) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n);

    private static bool TryProbability(string s, out double p)
    {
        bool percent = s.EndsWith('%');
        if (!double.TryParse(percent ? s[..^1] : s, NumberStyles.Float, CultureInfo.InvariantCulture, out p)) return false;
        if (percent) p /= 100;
        return p >= 0 && p <= 1;
    }

    private static bool TryFlags(string s, out TcpFlags flags)
    {
        flags = TcpFlags.None;
        foreach (string untrimmed in s.Split(','))
        {
            string part = untrimmed.Trim();
            if (part.Length == 0) continue;
            TcpFlags? f = part.ToUpperInvariant() switch
            {
                "SYN" => TcpFlags.Syn, "FIN" => TcpFlags.Fin, "RST" => TcpFlags.Rst, "ACK" => TcpFlags.Ack, "PSH" => TcpFlags.Psh, "ANY" => TcpFlags.None, _ => null,
            };
            if (f is not TcpFlags v) return false;
            flags |= v;
        }
        return true;
    }

    /// <summary>A time: a number with ms, s, min or h (such as 20ms, 1.5s, 10min).</summary>
    internal static bool TryTime(string s, out TimeSpan t)
    {
        t = default;
        (string unit, double scale)[] units = { ("ms", 1e-3), ("min", 60), ("s", 1), ("h", 3600) };
        foreach ((string unit, double scale) in units)
        {
            if (!s.EndsWith(unit, StringComparison.Ordinal)) continue;
            if (!double.TryParse(s[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= 0) || v * scale > 1e7) return false;
            t = TimeSpan.FromTicks((long)Math.Round(v * scale * TimeSpan.TicksPerSecond));
            return true;
        }
        return false;
    }

    private static bool TryRate(string s, out long bitsPerSecond)
    {
        bitsPerSecond = 0;
        string body = s.EndsWith("bit", StringComparison.Ordinal) ? s[..^3] : s;
        double scale = 1;
        if (body.EndsWith('k')) { scale = 1e3; body = body[..^1]; }
        else if (body.EndsWith('M')) { scale = 1e6; body = body[..^1]; }
        else if (body.EndsWith('G')) { scale = 1e9; body = body[..^1]; }
        if (!double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= 0) || v * scale > 1e12) return false;
        bitsPerSecond = (long)(v * scale);
        return true;
    }
}
