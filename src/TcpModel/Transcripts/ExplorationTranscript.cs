using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using TcpModel.Exploration;
using TcpModel.Wire;

namespace TcpModel.Transcripts;

/// <summary>
/// A counterexample of the <see cref="Explorer"/> as a <see cref="Transcript"/> (so every renderer shows
/// it: Markdown in English or Chinese, text, Mermaid, SVG), as a numbered trail of moves, and as a pcap.
/// </summary>
public static class ExplorationTranscript
{
    private static readonly InlineIPAddress ClientAddress = InlineIPAddress.Parse("10.0.0.1"), ServerAddress = InlineIPAddress.Parse("10.0.0.2");

    private enum Kind { Sent, Arrived, Lost }

    private readonly record struct Entry(Kind Kind, Side Sender, TcpSegment Segment, TcpState Client, TcpState Server, TcpRule Rule, TcpNotice Notice, TimeSpan Time, string? Note);

    /// <summary>
    /// The segments of the run: a segment that arrives right after it was sent is one step, others are
    /// sent and arrive in two (<see cref="TranscriptDelivery.Sent"/>, <see cref="TranscriptDelivery.Arrived"/>);
    /// one lost right after it was sent is <see cref="TranscriptDelivery.Lost"/>. Timers and user calls
    /// show as notes on the segments they send; a move that sends nothing shows in the next step's states.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="violation"/> is null.</exception>
    public static Transcript Of(ExplorationViolation violation, TranscriptLanguage language = TranscriptLanguage.English, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(violation);
        bool zh = language == TranscriptLanguage.Chinese;
        var entries = new List<Entry>();
        ushort clientPort = violation.Steps[0].Client.LocalPort;
        foreach (ExplorationStep s in violation.Steps)
        {
            TcpState c = s.Client.State, v = s.Server.State;
            ExplorationMove m = s.Move;
            Side other = m.Side == Side.Client ? Side.Server : Side.Client;
            if (m.Kind == ExplorationMoveKind.Deliver && s.Segment is TcpSegment d)
                entries.Add(new Entry(Kind.Arrived, other, d, c, v, s.Rule, s.Notice, s.Time, null));
            string? note = m.Kind switch
            {
                ExplorationMoveKind.Timer => zh ? "超时：" + Chinese(s.Rule) : "timeout: " + s.Rule,
                ExplorationMoveKind.Close => "CLOSE",
                ExplorationMoveKind.Abort => "ABORT",
                ExplorationMoveKind.Send => "SEND",
                ExplorationMoveKind.Start => "OPEN",
                _ => null,
            };
            for (int k = 0; k < s.Sent.Count; k++)
            {
                TcpSegment sent = s.Sent[k];
                Side sender = sent.SourcePort == clientPort ? Side.Client : Side.Server;
                if (m.Kind == ExplorationMoveKind.Start && sender == Side.Client && violation.Steps[0].Client.State == TcpState.Closed)
                    note = zh ? "旧的重复 SYN" : "old duplicate SYN";
                ExplorationFate fate = k < s.Fates.Count ? s.Fates[k] : ExplorationFate.InFlight;
                string? extra = fate switch
                {
                    ExplorationFate.Lost => zh ? "被网络丢失" : "lost by the network",
                    ExplorationFate.ChannelFull => zh ? "信道已满，丢失" : "lost: the channel is full",
                    ExplorationFate.Duplicated => zh ? "网络复制了一份" : "duplicated by the network",
                    _ => null,
                };
                if (extra is not null) note = (note is null ? "" : note + "; ") + extra;
                bool lost = fate is ExplorationFate.Lost or ExplorationFate.ChannelFull;
                entries.Add(new Entry(lost ? Kind.Lost : Kind.Sent, sender, sent, c, v, s.Rule, TcpNotice.None, s.Time, note));
                note = null;
            }
        }

        var steps = new List<TranscriptStep>();
        for (int i = 0; i < entries.Count; i++)
        {
            Entry e = entries[i];
            if (e.Kind == Kind.Sent && i + 1 < entries.Count && entries[i + 1].Kind == Kind.Arrived && entries[i + 1].Sender == e.Sender && entries[i + 1].Segment == e.Segment)
            {
                Entry next = entries[++i];
                steps.Add(new TranscriptStep(e.Sender, TranscriptSegment.FromSegment(e.Segment), next.Client, next.Server, next.Rule,
                    next.Notice, e.Note, e.Time, TranscriptDelivery.Delivered));
                continue;
            }
            TranscriptDelivery delivery = e.Kind switch { Kind.Sent => TranscriptDelivery.Sent, Kind.Arrived => TranscriptDelivery.Arrived, _ => TranscriptDelivery.Lost };
            steps.Add(new TranscriptStep(e.Sender, TranscriptSegment.FromSegment(e.Segment), e.Client, e.Server, e.Kind == Kind.Arrived ? e.Rule : TcpRule.None,
                e.Notice, e.Note, e.Time, delivery));
        }
        ExplorationStep first = violation.Steps[0];
        // Before the OPEN calls: the client CLOSED, the server in LISTEN (or CLOSED, in a simultaneous open).
        return new Transcript(steps, TcpState.Closed, first.Server.State == TcpState.Listen ? TcpState.Listen : TcpState.Closed, title ?? violation.Name);
    }

    /// <summary>
    /// The run as numbered lines, one a move, with the time, what happened and both states after it —
    /// every move, including those that send nothing (a timer that gives up, a loss).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="violation"/> is null.</exception>
    public static string Trail(ExplorationViolation violation, TranscriptLanguage language = TranscriptLanguage.English)
    {
        ArgumentNullException.ThrowIfNull(violation);
        bool zh = language == TranscriptLanguage.Chinese;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (int i = 0; i < violation.Steps.Count; i++)
        {
            ExplorationStep s = violation.Steps[i];
            if (violation.CycleStart == i && i < violation.Steps.Count - 1) sb.AppendLine(zh ? "    —— 从这里开始循环 ——" : "    -- the cycle starts here --");
            string who = Who(s.Move.Side, zh);
            string what = s.Move.Kind switch
            {
                ExplorationMoveKind.Start => zh ? "开始" : "start",
                ExplorationMoveKind.Deliver => (zh ? "到达" + who + "：" : "arrives at " + who + ": ") + Segment(s.Segment),
                ExplorationMoveKind.Timer => who + (zh ? " 计时器到期（" + Chinese(s.Rule) + "）" : " timer expires (" + s.Rule + ")"),
                ExplorationMoveKind.Close => who + ": CLOSE",
                ExplorationMoveKind.Abort => who + ": ABORT",
                _ => who + ": SEND",
            };
            sb.Append(i.ToString(inv).PadLeft(3)).Append(". ").Append(s.Time.TotalSeconds.ToString("0.###", inv).PadLeft(6)).Append(" s  ").Append(what);
            if (s.Sent.Count > 0)
            {
                sb.Append(zh ? "；发送 " : "; sends ");
                for (int k = 0; k < s.Sent.Count; k++)
                {
                    sb.Append(k > 0 ? ", " : "").Append(Segment(s.Sent[k]));
                    ExplorationFate fate = k < s.Fates.Count ? s.Fates[k] : ExplorationFate.InFlight;
                    sb.Append(fate switch
                    {
                        ExplorationFate.Lost => zh ? "（被网络丢失）" : " (lost)",
                        ExplorationFate.ChannelFull => zh ? "（信道已满，丢失）" : " (lost: the channel is full)",
                        ExplorationFate.Duplicated => zh ? "（网络复制了一份）" : " (duplicated)",
                        _ => "",
                    });
                }
            }
            sb.Append(zh ? "  →  客户端 " : "  ->  client ").Append(s.Client.State.ToRfcName()).Append(zh ? "，服务端 " : ", server ").Append(s.Server.State.ToRfcName());
            sb.AppendLine();
        }
        if (violation.CycleStart is int cs) sb.AppendLine(zh ? $"    —— 回到第 {cs} 步之后的状态 ——" : $"    -- back to the state after move {cs} --");
        return sb.ToString();
    }

    /// <summary>
    /// Writes the run's segments as a pcap (raw IPv4, nanosecond timestamps; the client is 10.0.0.1, the
    /// server 10.0.0.2), each at the time it was sent, so the counterexample opens in Wireshark.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WritePcap(ExplorationViolation violation, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(violation);
        ArgumentNullException.ThrowIfNull(stream);
        ushort clientPort = violation.Steps[0].Client.LocalPort;
        using var writer = new PcapWriter(stream, LinkType.Raw, nanosecondResolution: true, leaveOpen: true);
        foreach (ExplorationStep s in violation.Steps)
            foreach (TcpSegment seg in s.Sent)
            {
                bool fromClient = seg.SourcePort == clientPort;
                writer.WriteSegment(s.Time.Ticks * 100, fromClient ? ClientAddress : ServerAddress, fromClient ? ServerAddress : ClientAddress, seg);
            }
    }

    private static string Who(Side side, bool zh) => side == Side.Client ? (zh ? "客户端" : "client") : (zh ? "服务端" : "server");

    private static string Chinese(TcpRule rule) => TcpRules.Explain(rule, TcpLanguage.Chinese);

    private static string Segment(TcpSegment? s)
    {
        if (s is not TcpSegment seg) return "";
        var inv = CultureInfo.InvariantCulture;
        string text = "<SEQ=" + seg.Seq.Value.ToString(inv) + ">";
        if ((seg.Flags & TcpFlags.Ack) != 0) text += "<ACK=" + seg.Ack.Value.ToString(inv) + ">";
        text += "<CTL=" + seg.Flags.ToDisplayString() + ">";
        if (seg.PayloadLength > 0) text += "<DATA=" + seg.PayloadLength.ToString(inv) + ">";
        return text;
    }
}
