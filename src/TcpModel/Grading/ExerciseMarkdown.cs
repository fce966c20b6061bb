using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TcpModel.Transcripts;
using static TcpModel.Transcripts.TranscriptVocabulary;

namespace TcpModel.Grading;

/// <summary>
/// The Markdown of an <see cref="Exercise"/>: the question in the textbook's table layout with blanks,
/// and the answer key (the tables of <see cref="TranscriptRenderer"/> between two paragraphs of prose,
/// which <see cref="TranscriptParser"/> skips).
/// </summary>
internal static class ExerciseMarkdown
{
    /// <summary>What the student writes in a blank cell.</summary>
    public const string Blank = "____";

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t, bool zh)
    {
        if (t.Ticks % TimeSpan.TicksPerMinute == 0) return N((long)t.TotalMinutes) + (zh ? " 分钟" : " min");
        if (t.Ticks % TimeSpan.TicksPerSecond == 0) return N((long)t.TotalSeconds) + (zh ? " 秒" : " s");
        return t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + (zh ? " 毫秒" : " ms");
    }

    private static bool Zh(Exercise e) => e.Options.Language == TranscriptLanguage.Chinese;

    public static string Question(Exercise e)
    {
        bool zh = Zh(e);
        TranscriptLanguage lang = e.Options.Language;
        var sb = new StringBuilder();
        sb.Append("# ").Append(zh ? "练习 " + N(e.Seed) + "：TCP 连接的建立与释放" : "Exercise " + N(e.Seed) + ": TCP connection setup and release").Append("\n\n");
        sb.Append(SeedLine(e, key: false)).Append("\n\n");
        sb.Append(zh ? "已知：" : "Given:").Append("\n\n");
        foreach (string given in Given(e)) sb.Append("- ").Append(given).Append('\n');
        sb.Append('\n').Append(zh ? "要求：" : "Task: ").Append(Task(e)).Append('\n');
        for (int i = 0; i < e.KeySections.Count; i++)
        {
            Transcript t = e.KeySections[i];
            sb.Append("\n## ").Append(t.Title).Append("\n\n");
            if (i == 0) sb.Append(MarkdownTranscriptWriter.InitialLine(t, lang)).Append("\n\n");
            WriteBlankTable(sb, t, lang);
        }
        return sb.ToString();
    }

    public static string Key(Exercise e)
    {
        bool zh = Zh(e);
        TranscriptLanguage lang = e.Options.Language;
        var sb = new StringBuilder();
        sb.Append("# ").Append(zh ? "练习 " + N(e.Seed) + " 答案" : "Exercise " + N(e.Seed) + ": answer key").Append("\n\n");
        sb.Append(zh
            ? "由模型（TcpModel，" + Profile(e, zh) + "）运行得出：表中每个值都来自 RFC 9293 的规则，“规则”一栏给出所依据的章节。"
            : "Recorded from the model (TcpModel, " + Profile(e, zh) + "): every value follows from RFC 9293's rules; the Rule column names the section.");
        sb.Append(zh ? "" : " ").Append(SeedLine(e, key: true)).Append("\n\n");
        if (e.Options.Style == SeqStyle.Symbolic)
        {
            IEnumerable<string> letters = "xyuvw".Where(e.Bindings.ContainsKey).Select(c => c + " = " + e.Bindings[c].ToString());
            sb.Append(zh ? "字母的取值：" : "The letters stand for: ").Append(string.Join(zh ? "，" : ", ", letters)).Append(zh ? "。" : ".").Append("\n\n");
        }
        sb.Append(TranscriptRenderer.RenderAll(e.KeySections, TranscriptFormat.Markdown,
            new TranscriptRenderOptions { Language = lang, Style = e.Options.Style, IncludeNotes = true }));
        Side tw = e.TimeWaitSide, closed = tw == Side.Client ? Side.Server : Side.Client;
        string twState = StateLabel(TcpState.TimeWait, lang, code: true), closedState = StateLabel(TcpState.Closed, lang, code: true);
        string source = TcpRules.Source(TcpRule.TimeWaitTimeout);
        sb.Append('\n').Append(zh
            ? "最后一步之后，" + SideName(tw, lang) + "处于 " + twState + "状态，" + SideName(closed, lang) + "处于 " + closedState + "状态。"
              + "2MSL = " + Duration(e.TimeWait, zh) + "后" + SideName(tw, lang) + "的 TIME-WAIT 计时器超时（" + source + "），它也进入 " + closedState + "状态：双方都已关闭。"
            : "After the last row the " + SideName(tw, lang) + " is in " + twState + " and the " + SideName(closed, lang) + " in " + closedState + ". "
              + "When the " + SideName(tw, lang) + "'s TIME-WAIT timer expires, 2·MSL = " + Duration(e.TimeWait, zh) + " later (" + source + "), it enters " + closedState + " too: both sides are closed.")
          .Append('\n');
        return sb.ToString();
    }

    /// <summary>The seed, and the command that prints the exercise again when the options are the command's.</summary>
    private static string SeedLine(Exercise e, bool key)
    {
        bool zh = Zh(e);
        ExerciseOptions d = ExerciseOptions.Default;
        if (e.Options.Features != d.Features || e.Options.MaxDataLength != d.MaxDataLength) return zh ? "种子：" + N(e.Seed) + "。" : "Seed " + N(e.Seed) + ".";
        string command = "tcpmodel exercise --seed " + N(e.Seed) + (zh ? " --lang zh" : "") + (e.Options.Style == SeqStyle.Numeric ? " --numeric" : "");
        if (key) return zh ? "种子：" + N(e.Seed) + "（`" + command + " --answers`）。" : "Seed " + N(e.Seed) + " (`" + command + " --answers`).";
        return zh
            ? "种子：" + N(e.Seed) + "（`" + command + "` 再次生成本题，加 `--answers` 得到答案）。"
            : "Seed " + N(e.Seed) + " (`" + command + "` prints this exercise again, with `--answers` its answer key).";
    }

    private static string Profile(Exercise e, bool zh) =>
        e.Settings.DelayedAckTimeout > TimeSpan.Zero ? (zh ? "Linux 配置" : "Linux profile") : (zh ? "RFC 9293 配置" : "RFC 9293 profile");

    private static List<string> Given(Exercise e)
    {
        bool zh = Zh(e);
        TranscriptLanguage lang = e.Options.Language;
        string closer = SideName(e.Closer, lang), other = SideName(e.SecondCloser, lang);
        var given = new List<string>
        {
            zh
                ? "客户端（端口 " + N(ExerciseGenerator.ClientPort) + "）向正在监听的服务端（端口 " + N(ExerciseGenerator.ServerPort) + "）发起连接。初始序号：客户端 x = " + e.ClientIsn + "，服务端 y = " + e.ServerIsn + "。"
                : "The client (port " + N(ExerciseGenerator.ClientPort) + ") opens a connection to the server (port " + N(ExerciseGenerator.ServerPort) + "), which is listening. Initial sequence numbers: client x = " + e.ClientIsn + ", server y = " + e.ServerIsn + ".",
        };
        if (e.DataLength == 0) given.Add(zh ? "客户端不发送数据。" : "The client sends no data.");
        else if ((e.Features & ExerciseFeatures.DataOnHandshake) != 0)
            given.Add(zh
                ? "客户端在连接建立之前就调用了 SEND：它的 " + N(e.DataLength) + " 字节数据随第三次握手的报文段一起发送（RFC 9293 §3.10.2）。"
                : "The client calls SEND before the connection is established: its " + N(e.DataLength) + " bytes ride on the third segment of the handshake (RFC 9293 §3.10.2).");
        else given.Add(zh ? "连接建立后，客户端发送 " + N(e.DataLength) + " 字节数据（一个报文段）。" : "Once the connection is established, the client sends " + N(e.DataLength) + " bytes (one segment).");

        string then = e.HalfCloseDataLength > 0
            ? (zh ? other + "在 CLOSE-WAIT 状态下还发送 " + N(e.HalfCloseDataLength) + " 字节数据（半关闭，RFC 9293 §3.6），数据被确认后再关闭。"
                  : "The " + other + ", in CLOSE-WAIT, still sends " + N(e.HalfCloseDataLength) + " bytes (half-close, RFC 9293 §3.6) and closes once they are acknowledged.")
            : (e.Features & ExerciseFeatures.ThreeSegmentClose) != 0
                ? (zh ? other + "收到 FIN 后立即关闭连接。" : "The " + other + " closes as soon as it has received the FIN.")
                : (zh ? other + "随后也关闭连接，不再发送数据。" : "The " + other + " then closes too, without sending more data.");
        given.Add(zh ? closer + "先关闭连接。" + then : "The " + closer + " closes first. " + then);

        string delayed = Duration(e.Settings.DelayedAckTimeout, zh), msl = Duration(e.Settings.Msl, zh);
        given.Add(e.Settings.DelayedAckTimeout > TimeSpan.Zero
            ? (zh ? "双方都像 Linux 一样推迟确认，最多 " + delayed + "（RFC 9293 §3.8.6.3）；MSL = " + msl + "（RFC 9293 §3.4.2）。"
                  : "Both ends delay their ACKs by up to " + delayed + " (RFC 9293 §3.8.6.3), as Linux does; MSL = " + msl + " (RFC 9293 §3.4.2).")
            : (zh ? "双方对收到的报文段都立即确认（不推迟确认，RFC 9293 §3.8.6.3）；MSL = " + msl + "（RFC 9293 §3.4.2）。"
                  : "Both ends acknowledge at once (no delayed ACKs, RFC 9293 §3.8.6.3); MSL = " + msl + " (RFC 9293 §3.4.2)."));

        if (FindLost(e) is var (section, row, sender))
        {
            string title = e.KeySections[section].Title!, delay = Duration(e.RetransmissionDelay ?? TimeSpan.Zero, zh);
            given.Add(zh
                ? "“" + title + "”表中第 " + N(row + 1) + " 步的报文段在网络中丢失；" + SideName(sender, lang) + "的重传计时器在 " + delay + "后超时，重传该报文段（RFC 6298 §5，RFC 9293 §3.8.1）。"
                : "The segment of row " + N(row + 1) + " of “" + title + "” is lost; the " + SideName(sender, lang) + "'s retransmission timer expires " + delay + " later and sends it again (RFC 6298 §5, RFC 9293 §3.8.1).");
        }
        if (e.KeySections.Any(t => t.Steps.Any(s => s.Time is not null)))
            given.Add(zh ? "“时间”一栏给出报文段发出的时刻。" : "The Time column gives when each segment is sent.");
        return given;
    }

    private static (int Section, int Row, Side Sender)? FindLost(Exercise e)
    {
        for (int s = 0; s < e.KeySections.Count; s++)
            for (int i = 0; i < e.KeySections[s].Steps.Count; i++)
                if (e.KeySections[s].Steps[i].Delivery == TranscriptDelivery.Lost) return (s, i, e.KeySections[s].Steps[i].Sender);
        return null;
    }

    private static string Task(Exercise e)
    {
        bool zh = Zh(e);
        string values;
        if (e.Options.Style == SeqStyle.Symbolic)
        {
            string legend = Legend(e.Options.Language, e.Bindings.Keys);
            values = zh ? "seq 和 ack 用教材的字母书写，如 `ack=x+1`。" + legend : "Write seq and ack with the textbook's letters, as in `ack=x+1`. " + legend;
        }
        else
        {
            values = zh ? "seq 和 ack 写成数字；序号按模 2^32 计算（RFC 9293 §3.4），即 4294967295 + 1 = 0。"
                : "Write seq and ack as numbers; sequence numbers count modulo 2^32 (RFC 9293 §3.4), so 4294967295 + 1 = 0.";
        }
        return zh
            ? "填写每一步的报文段名称（连接请求报文段、确认报文段、数据报文段、连接释放报文段）、控制位 SYN、ACK、FIN（1 或 0）、seq 和 ack（ACK=0 时不填 ack；数据报文段上的 PSH=1 不必填写），"
              + "并在“状态变化”一栏写出双方的状态变化（状态名见 RFC 9293 §3.3.2）。" + values + "最后回答：最后一步之后双方各处于什么状态？接下来会发生什么，在什么时候？"
            : "Fill in every row: the segment's name (connection request, acknowledgment, data, connection release), the control bits SYN, ACK and FIN (1 or 0), "
              + "seq and ack (no ack where ACK=0; the PSH=1 of data segments is not asked for), and in the State change column the states both sides enter (the state names of RFC 9293 §3.3.2). " + values
              + " Finally: which state is each side in after the last row, and what happens next, and when?";
    }

    /// <summary>A table like the key's: step, time, direction (with "lost"), and blanks for the name, the flags and numbers, the states.</summary>
    private static void WriteBlankTable(StringBuilder sb, Transcript t, TranscriptLanguage lang)
    {
        bool time = t.Steps.Any(s => s.Time is not null);
        var header = new List<string> { Header(StepHeaders, lang) };
        if (time) header.Add(Header(TimeHeaders, lang));
        header.AddRange(new[] { Header(DirectionHeaders, lang), Header(NameHeaders, lang), Header(FieldHeaders, lang), Header(StateHeaders, lang) });
        var rows = new List<List<string>> { header };
        for (int i = 0; i < t.Steps.Count; i++)
        {
            TranscriptStep step = t.Steps[i];
            var row = new List<string> { N(i + 1) };
            if (time) row.Add(step.Time is { } ts ? FormatTime(ts) : string.Empty);
            row.Add(Direction(step, lang, ascii: false));
            row.Add(Blank);
            // The ISN is given on the SYN that carries it; everything else is the student's.
            bool syn = (step.Segment.Flags & TcpFlags.Syn) != 0;
            var fields = new List<string> { "SYN=__", "ACK=__", "FIN=__", "seq=" + (syn ? step.Segment.Seq.ToString() : Blank), "ack=" + Blank, "len=" + N(step.Segment.PayloadLength) };
            row.Add(string.Join(", ", fields.Select(f => "`" + f + "`")));
            row.Add(string.Empty);
            rows.Add(row);
        }
        int[] widths = Enumerable.Range(0, header.Count).Select(c => Math.Max(3, rows.Max(r => TranscriptRenderer.DisplayWidth(r[c])))).ToArray();
        for (int r = 0; r < rows.Count; r++)
        {
            sb.Append('|');
            for (int c = 0; c < widths.Length; c++) sb.Append(' ').Append(TranscriptRenderer.PadRight(rows[r][c], widths[c])).Append(" |");
            sb.Append('\n');
            if (r != 0) continue;
            sb.Append('|');
            foreach (int w in widths) sb.Append(' ').Append(new string('-', w)).Append(" |");
            sb.Append('\n');
        }
    }
}
