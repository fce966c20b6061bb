using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace TcpModel.Analysis;

/// <summary>
/// What <see cref="CaptureChecker"/> found in a capture: one <see cref="ConnectionCheck"/> per
/// connection, with writers for the <c>tcpmodel check</c> text and JSON output.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class CheckReport
{
    private readonly ConnectionCheck[] _connections;

    internal CheckReport(ConnectionCheck[] connections, long packets, long skipped)
    {
        _connections = connections;
        PacketCount = packets;
        SkippedCount = skipped;
    }

    /// <summary>The connections, in order of their first packet.</summary>
    public IReadOnlyList<ConnectionCheck> Connections => _connections;

    /// <summary>Packets read.</summary>
    public long PacketCount { get; }

    /// <summary>Packets that were not TCP or not decodable.</summary>
    public long SkippedCount { get; }

    /// <summary>Whether some connection is invalid.</summary>
    public bool HasInvalid => Array.Exists(_connections, c => c.Verdict == CheckVerdict.Invalid);

    /// <summary>The <c>tcpmodel check</c> exit code: 0 when nothing is invalid, 1 when a connection is invalid.</summary>
    public int ExitCode => HasInvalid ? 1 : 0;

    /// <summary>The verdict as the JSON output spells it: <c>valid</c>, <c>invalid</c> or <c>incomplete</c>.</summary>
    public static string VerdictName(CheckVerdict verdict) => verdict switch
    {
        CheckVerdict.Valid => "valid",
        CheckVerdict.Invalid => "invalid",
        _ => "incomplete",
    };

    /// <summary>Writes one block per connection: endpoints, verdict, final states, Zeek state and history, completeness, the first violation.</summary>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        for (int i = 0; i < _connections.Length; i++)
        {
            if (i > 0) writer.WriteLine();
            WriteText(writer, _connections[i]);
        }
        if (_connections.Length == 0) writer.WriteLine(NoConnection);
    }

    /// <summary>The name of a capture site in the text and JSON reports: <c>client</c>, <c>server</c>, <c>middle</c>, <c>both</c> or <c>unknown</c>.</summary>
    public static string SiteName(CaptureSite site) => site switch
    {
        CaptureSite.Client => "client",
        CaptureSite.Server => "server",
        CaptureSite.Middle => "middle",
        CaptureSite.Both => "both",
        _ => "unknown",
    };

    private static string SiteNameChinese(CaptureSite site) => site switch
    {
        CaptureSite.Client => "客户端",
        CaptureSite.Server => "服务器",
        CaptureSite.Middle => "中间",
        CaptureSite.Both => "同一主机",
        _ => "未知",
    };

    /// <summary>What <see cref="WriteText(TextWriter)"/> writes for a capture without TCP connections.</summary>
    public const string NoConnection = "no TCP connection in the capture";

    /// <summary>Writes the block of one connection (as <see cref="WriteText(TextWriter)"/> does for each), numbered by <see cref="Wire.CapturedConnection.Index"/>.</summary>
    public static void WriteText(TextWriter writer, in ConnectionCheck c) => WriteText(writer, c, TcpLanguage.English);

    /// <summary>The block of one connection with its messages in <paramref name="language"/>.</summary>
    public static void WriteText(TextWriter writer, in ConnectionCheck c, TcpLanguage language)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CultureInfo ci = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Format(ci, "connection {0}: {1} -> {2} (frames {3}-{4}, {5} packets)", c.Connection.Index + 1, c.Client, c.Server,
            c.Connection.FirstFrame, c.Connection.LastFrame, c.Connection.PacketCount));
        writer.WriteLine("  verdict:      " + VerdictName(c.Verdict));
        writer.WriteLine("  final states: client " + c.ClientState.ToRfcName() + ", server " + c.ServerState.ToRfcName());
        writer.WriteLine("  zeek:         " + c.ZeekState + " " + c.ZeekHistory + " (with checksums: " + c.ZeekStateWithChecksums + " " + c.ZeekHistoryWithChecksums + ")");
        writer.WriteLine("  completeness: " + c.Completeness.ToString(ci));
        if (c.BadChecksums > 0)
            writer.WriteLine(string.Format(ci, "  checksums:    {0} bad (offloaded on the capturing host? not counted as a violation)", c.BadChecksums));
        if (c.InferredLosses > 0)
            writer.WriteLine(language == TcpLanguage.Chinese
                ? string.Format(ci, "  lost:         推断网络丢失了 {0} 个报文段（抓包点：{1}），第一个见第 {2} 帧：这是网络故障，不是协议违规",
                    c.InferredLosses, SiteNameChinese(c.CaptureSite), c.FirstInferredLossFrame)
                : string.Format(ci, "  lost:         {0} segment(s) lost in the network (captured at the {1}), the first shown at frame {2}: a network fault, not a violation",
                    c.InferredLosses, SiteName(c.CaptureSite), c.FirstInferredLossFrame));
        foreach (InferredLoss loss in c.Losses) writer.WriteLine("                " + loss.Explain(language));
        if (c.Alternative.Exists) writer.WriteLine("  alternative:  " + c.Alternative.MessageIn(language));
        if (c.Timing.Kind != TimingKind.None)
            writer.WriteLine(string.Format(ci, "  timing:       frame {0}, {1} ({2}): {3}", c.Timing.Frame, c.Timing.KindName, c.Timing.Rule, c.Timing.MessageIn(language)));
        string? message = c.MessageIn(language);
        if (c.Verdict != CheckVerdict.Invalid && message is not null) writer.WriteLine("  note:         " + message);
        if (c.Verdict == CheckVerdict.Invalid)
        {
            writer.WriteLine(string.Format(ci, "  violation:    frame {0}, {1} ({2})", c.ViolationFrame, c.Violation, c.RuleSource));
            writer.WriteLine("                " + message);
        }
    }

    /// <summary>
    /// Writes <c>{"connections":[{"client":"ip:port","server":"ip:port","verdict":"valid|invalid|incomplete","violation":{"frame":N,"rule":"...","message":"..."} or null,
    /// "finalStates":{"client":"TIME-WAIT","server":"CLOSED"},"zeekState":"SF","zeekHistory":"ShADadFf","completeness":31}]}</c>
    /// (<see cref="CheckJsonWriter"/> writes the same one connection at a time).
    /// </summary>
    public void WriteJson(Stream utf8Json, bool indented = false)
    {
        using var w = new CheckJsonWriter(utf8Json, indented);
        foreach (ConnectionCheck c in _connections) w.Write(c);
        w.Complete();
    }
}
