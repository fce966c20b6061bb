using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TcpModel.Transcripts;

/// <summary>The words of rendered transcripts in both languages (the textbook's wording in Chinese).</summary>
internal static class TranscriptVocabulary
{
    public static bool Zh(TranscriptLanguage lang) => lang == TranscriptLanguage.Chinese;

    /// <summary>The word after the direction for a segment not sent and received in the same step; empty for <see cref="TranscriptDelivery.Delivered"/>.</summary>
    public static string DeliveryWord(TranscriptDelivery d, TranscriptLanguage lang) => d switch
    {
        TranscriptDelivery.Sent => Zh(lang) ? "发出" : "sent",
        TranscriptDelivery.Arrived => Zh(lang) ? "到达" : "arrives",
        TranscriptDelivery.Lost => Zh(lang) ? "丢失" : "lost",
        _ => string.Empty,
    };

    public static readonly (string Word, TranscriptDelivery Delivery)[] DeliveryWords =
    [
        ("sent", TranscriptDelivery.Sent), ("arrives", TranscriptDelivery.Arrived), ("arrived", TranscriptDelivery.Arrived), ("lost", TranscriptDelivery.Lost),
        ("发出", TranscriptDelivery.Sent), ("到达", TranscriptDelivery.Arrived), ("丢失", TranscriptDelivery.Lost),
    ];

    /// <summary>The direction with its delivery word: <c>客户端 → 服务端 发出</c>.</summary>
    public static string Direction(TranscriptStep step, TranscriptLanguage lang, bool ascii)
    {
        string dir = ascii ? (step.Sender == Side.Client ? "C -> S" : "S -> C") : Direction(step.Sender, lang);
        string word = DeliveryWord(step.Delivery, lang);
        return word.Length == 0 ? dir : dir + " " + word;
    }

    private static readonly (TcpNotice Notice, string English, string Chinese)[] NoticeWords =
    [
        (TcpNotice.Connected, "connected", "连接已建立"),
        (TcpNotice.DataAcknowledged, "data acknowledged", "数据已被确认"),
        (TcpNotice.DataReceived, "data received", "收到数据"),
        (TcpNotice.PeerClosing, "connection closing", "连接正在关闭"),
        (TcpNotice.Closed, "connection closed", "连接已关闭"),
        (TcpNotice.Reset, "connection reset", "连接被复位"),
        (TcpNotice.Refused, "connection refused", "连接被拒绝"),
        (TcpNotice.Aborted, "connection aborted", "连接被中止"),
        (TcpNotice.BackToListen, "back to listen", "回到监听"),
        (TcpNotice.SegmentDropped, "segment dropped", "报文段被丢弃"),
    ];

    /// <summary>The user notices as RFC 9293 §3.9.1.3 words them (<c>connection closing</c>), comma-separated.</summary>
    public static string NoticeText(TcpNotice notice, TranscriptLanguage lang) =>
        string.Join(Zh(lang) ? "，" : ", ", NoticeWords.Where(n => (notice & n.Notice) != 0).Select(n => Zh(lang) ? n.Chinese : n.English));

    /// <summary>One notice by its English or Chinese words or its <see cref="TcpNotice"/> name.</summary>
    public static bool TryParseNotice(string text, out TcpNotice notice)
    {
        string t = text.Trim();
        foreach (var n in NoticeWords)
            if (t.Equals(n.English, System.StringComparison.OrdinalIgnoreCase) || t == n.Chinese || t.Equals(n.Notice.ToString(), System.StringComparison.OrdinalIgnoreCase)) { notice = n.Notice; return true; }
        notice = TcpNotice.None;
        return false;
    }

    /// <summary>A parenthetical in the language's own brackets: <c>（数据报文段）</c>, <c> (data)</c>.</summary>
    public static string Gloss(string text, TranscriptLanguage lang) => Zh(lang) ? "（" + text + "）" : " (" + text + ")";

    /// <summary>The segment's name, with its delivery word if it was not sent and received in one step.</summary>
    public static string SegmentLabel(TranscriptStep step, TranscriptLanguage lang) => SegmentName(step.Segment, lang) + DeliveryGloss(step, lang);

    /// <summary><c> (sent)</c>, <c>（到达）</c>; empty for a segment sent and received in one step.</summary>
    public static string DeliveryGloss(TranscriptStep step, TranscriptLanguage lang)
    {
        string word = DeliveryWord(step.Delivery, lang);
        return word.Length > 0 ? Gloss(word, lang) : string.Empty;
    }

    public static string SideName(Side side, TranscriptLanguage lang, bool capital = false) =>
        Zh(lang) ? (side == Side.Client ? "客户端" : "服务端")
        : side == Side.Client ? (capital ? "Client" : "client") : (capital ? "Server" : "server");

    public static string Direction(Side sender, TranscriptLanguage lang) =>
        SideName(sender, lang, capital: true) + " → " + SideName(sender == Side.Client ? Side.Server : Side.Client, lang, capital: true);

    /// <summary>The state's name: RFC 9293's, except that the Chinese textbook writes SYN-RCVD.</summary>
    public static string StateName(TcpState state, TranscriptLanguage lang) =>
        Zh(lang) && state == TcpState.SynReceived ? "SYN-RCVD" : state.ToRfcName();

    /// <summary>The textbook's Chinese name of a state.</summary>
    public static string StateGloss(TcpState state) => state switch
    {
        TcpState.Closed => "关闭",
        TcpState.Listen => "收听",
        TcpState.SynSent => "同步已发送",
        TcpState.SynReceived => "同步收到",
        TcpState.Established => "已建立连接",
        TcpState.FinWait1 => "终止等待 1",
        TcpState.FinWait2 => "终止等待 2",
        TcpState.CloseWait => "关闭等待",
        TcpState.Closing => "同时关闭",
        TcpState.LastAck => "最后确认",
        _ => "时间等待",
    };

    /// <summary><c>SYN-SENT（同步已发送）</c> in Chinese, <c>SYN-SENT</c> in English; code-quoted for Markdown.</summary>
    public static string StateLabel(TcpState state, TranscriptLanguage lang, bool code)
    {
        string name = code ? "`" + StateName(state, lang) + "`" : StateName(state, lang);
        return Zh(lang) ? name + "（" + StateGloss(state) + "）" : name;
    }

    /// <summary>The textbook's name of a segment, derived from its control bits and length.</summary>
    public static string SegmentName(TranscriptSegment seg, TranscriptLanguage lang)
    {
        TcpFlags f = seg.Flags;
        bool zh = Zh(lang);
        if ((f & TcpFlags.Rst) != 0) return zh ? "复位报文段" : "reset";
        if ((f & TcpFlags.Syn) != 0 && (f & TcpFlags.Ack) == 0) return zh ? "连接请求报文段" : "connection request";
        if ((f & TcpFlags.Fin) != 0) return zh ? "连接释放报文段" : "connection release";
        if (seg.PayloadLength > 0) return zh ? "数据报文段" : "data";
        return zh ? "确认报文段" : "acknowledgment";
    }

    /// <summary>Every segment name a table may use (both languages, the textbook's and ours).</summary>
    public static readonly HashSet<string> KnownSegmentNames = new(System.StringComparer.OrdinalIgnoreCase)
    {
        "连接请求报文段", "确认报文段", "连接释放报文段", "复位报文段", "数据报文段", "同步报文段", "连接请求确认报文段",
        "connection request", "acknowledgment", "acknowledgement", "connection release", "reset", "data",
        "SYN", "SYN+ACK", "SYN-ACK", "ACK", "FIN", "FIN+ACK", "RST", "RST+ACK",
    };

    // Column headers, first the one we write, then other spellings we accept.
    public static readonly string[] StepHeaders = ["步骤", "step", "#", "序号", "no."];
    public static readonly string[] TimeHeaders = ["时间", "time"];
    public static readonly string[] DirectionHeaders = ["发送方向", "direction", "方向"];
    public static readonly string[] NameHeaders = ["报文段名称", "segment", "名称", "报文段"];
    public static readonly string[] FieldHeaders = ["首部字段值", "header fields", "fields", "首部字段", "字段", "header"];
    public static readonly string[] StateHeaders = ["状态变化", "state change", "states", "state", "状态"];
    public static readonly string[] RuleHeaders = ["规则", "rule"];
    public static readonly string[] NoticeHeaders = ["通知", "notice"];
    public static readonly string[] NoteHeaders = ["说明", "note"];

    public static string Header(string[] names, TranscriptLanguage lang)
    {
        if (Zh(lang)) return names[0];
        string en = names[1];
        return char.ToUpperInvariant(en[0]) + en.Substring(1);
    }

    public static string InitialLabel(TranscriptLanguage lang) => Zh(lang) ? "初始状态：" : "Initial states: ";

    /// <summary>Seconds with up to seven decimals (exact for <see cref="System.TimeSpan"/> ticks).</summary>
    public static string FormatTime(System.TimeSpan time) =>
        (time.Ticks / 10_000_000m).ToString("0.#######", CultureInfo.InvariantCulture) + "s";

    public static string Legend(TranscriptLanguage lang, IEnumerable<char> used)
    {
        var set = used.ToHashSet();
        var parts = new List<string>();
        bool zh = Zh(lang);
        if (set.Contains('x') || set.Contains('y')) parts.Add(zh ? "x、y 为客户端、服务端的初始序号（ISN）" : "x and y are the client's and the server's initial sequence numbers (ISN)");
        if (set.Contains('u')) parts.Add(zh ? "u 为先关闭一方 FIN 的序号" : "u is the sequence number of the first FIN");
        if (set.Contains('v')) parts.Add(zh ? "v 为另一方确认该 FIN 时的序号" : "v is the other side's sequence number when it acknowledges that FIN");
        if (set.Contains('w'))
        {
            if (set.Contains('v')) parts.Add(zh ? "w 为另一方 FIN 的序号（半关闭期间若未发送数据，w 与 v 相等，仍写作 w）" : "w is the sequence number of the other side's FIN (equal to v when it sent no data in CLOSE-WAIT; it still reads w)");
            else parts.Add(zh ? "w 为另一方 FIN 的序号（另一方的第一个报文段就是它的 FIN，因此没有 v）" : "w is the sequence number of the other side's FIN (its first segment after the first FIN is its own FIN, so there is no v)");
        }
        if (parts.Count == 0) return string.Empty;
        return zh ? "符号：" + string.Join("；", parts) + "。" : "Letters: " + string.Join("; ", parts) + ".";
    }

    /// <summary>The notes where RFC 9293 corrects a textbook habit, for the steps that show it.</summary>
    public static List<string> Notes(Transcript t, TranscriptLanguage lang)
    {
        bool zh = Zh(lang);
        var notes = new List<string>();
        if (t.Steps.Any(s => (s.Segment.Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn))
            notes.Add(zh ? "`ACK=0` 表示确认号字段无效（RFC 9293 §3.1），与是否携带数据无关。"
                : "`ACK=0` means the acknowledgment number field is not valid (RFC 9293 §3.1); it says nothing about data.");
        if (Enumerable.Range(0, t.Steps.Count).Any(i => t.Before(i, t.Steps[i].Receiver) == TcpState.Listen && t.Steps[i].After(t.Steps[i].Receiver) == TcpState.SynReceived))
            notes.Add(zh ? "监听方在收到 SYN 并回复 SYN+ACK 时就为半开连接分配状态（TCB，RFC 9293 §3.10.7.2），不必等到第二次握手完成；SYN cookies（RFC 4987）可避免这一分配。"
                : "A listener allocates its half-open connection state (the TCB) when the SYN arrives and it answers SYN+ACK (RFC 9293 §3.10.7.2); SYN cookies (RFC 4987) avoid that allocation.");
        if (t.Steps.Any(s => s.Delivery != TranscriptDelivery.Delivered))
            notes.Add(zh ? "“发出”：报文段在途，在后面某一步“到达”；“到达”：先前发出的报文段（或网络中滞留的旧报文段）此时到达；“丢失”：报文段被网络丢弃。"
                : "\"sent\": the segment is on its way and arrives in a later row; \"arrives\": a segment sent earlier (or an old duplicate) arrives now; \"lost\": the network drops it.");
        int[] finsWithoutAck = Enumerable.Range(0, t.Steps.Count).Where(i => (t.Steps[i].Segment.Flags & (TcpFlags.Fin | TcpFlags.Ack)) == TcpFlags.Fin).Select(i => i + 1).ToArray();
        if (finsWithoutAck.Length > 0)
            notes.Add(zh ? "第 " + string.Join("、", finsWithoutAck) + " 步的 FIN 没有置 `ACK=1`：按 RFC 9293 §3.10.7.4，除最初的 SYN 外每个报文段都应携带有效的确认号（第五步检查中，未置 ACK 的报文段会被丢弃），实际的 TCP 在 FIN 上总是置 ACK=1。"
                : "The FIN in step " + string.Join(", ", finsWithoutAck) + " has no `ACK=1`: under RFC 9293 §3.10.7.4 every segment after the initial SYN carries a valid acknowledgment (the fifth check drops a segment without ACK), so a real TCP always sets ACK on its FIN.");
        else if (t.Steps.Any(s => (s.Segment.Flags & (TcpFlags.Fin | TcpFlags.Ack)) == (TcpFlags.Fin | TcpFlags.Ack)))
            notes.Add(zh ? "FIN 报文段同样置 `ACK=1`：除最初的 SYN 外，每个报文段都携带有效的确认号（RFC 9293 §3.10.7.4 第五步要求检查 ACK，未置 ACK 的报文段会被丢弃）；教材常省略这一位。"
                : "The FIN carries `ACK=1` too: every segment after the initial SYN carries a valid acknowledgment (RFC 9293 §3.10.7.4, fifth check: a segment without ACK is dropped); textbooks often leave it out.");
        return notes;
    }
}
