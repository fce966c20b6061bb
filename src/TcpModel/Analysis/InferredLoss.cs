using System;
using System.Globalization;

namespace TcpModel.Analysis;

/// <summary>Where the network lost a segment, relative to the capture point.</summary>
public enum LossPlace
{
    /// <summary>Captured, then lost on its way to its receiver: the receiver went on as if it never came.</summary>
    AfterCapture,
    /// <summary>Lost before the capture point: it never showed, and its sender's later segments start beyond it.</summary>
    BeforeCapture,
}

/// <summary>
/// One segment the checker's explanation needs the network to have lost (a fault, not a violation),
/// and the evidence: "frame 4: the client's FIN, lost after the capture point, as frame 6 shows".
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct InferredLoss
{
    internal InferredLoss(long frame, bool fromClient, LossPlace place, SeqNum seq, int length, TcpFlags flags, long shownBy)
    {
        Frame = frame;
        FromClient = fromClient;
        Place = place;
        Seq = seq;
        Length = length;
        Flags = flags;
        ShownBy = shownBy;
    }

    /// <summary>After the capture point, the lost segment's frame; before it, the frame of the first segment after the gap.</summary>
    public long Frame { get; }

    /// <summary>Whether the client sent it.</summary>
    public bool FromClient { get; }

    /// <summary>Which side of the capture point it was lost on.</summary>
    public LossPlace Place { get; }

    /// <summary>Its first sequence number.</summary>
    public SeqNum Seq { get; }

    /// <summary>The sequence space it occupied (data, and one for a SYN or FIN; 0 for a pure ACK or a RST).</summary>
    public int Length { get; }

    /// <summary>Its control bits (before the capture point: ACK, and FIN when a FIN was among what was lost).</summary>
    public TcpFlags Flags { get; }

    /// <summary>The frame whose explanation needs the loss (0: the capture ended with the segment never answered).</summary>
    public long ShownBy { get; }

    /// <summary>What it was: <c>SYN</c>, <c>SYN,ACK</c>, <c>FIN</c>, <c>RST</c>, <c>data</c>, <c>data and FIN</c>, or <c>ACK</c>.</summary>
    public string What =>
        (Flags & TcpFlags.Rst) != 0 ? "RST"
        : (Flags & TcpFlags.Syn) != 0 ? ((Flags & TcpFlags.Ack) != 0 ? "SYN,ACK" : "SYN")
        : (Flags & TcpFlags.Fin) != 0 ? (Length > 1 ? "data and FIN" : "FIN")
        : Length > 0 ? "data" : "ACK";

    /// <summary>The loss, explained in <paramref name="language"/>.</summary>
    [Pure]
    public string Explain(TcpLanguage language)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        string span = Length > 0 ? string.Format(ci, "seq={0}, len={1}", Seq.Value, Length) : string.Format(ci, "seq={0}", Seq.Value);
        if (language == TcpLanguage.Chinese)
        {
            string who = FromClient ? "客户端" : "服务器";
            string what = What switch { "data" => "数据", "data and FIN" => "数据和 FIN", "ACK" => "确认", var w => w };
            string spanZh = Length > 0 ? string.Format(ci, "seq={0}，len={1}", Seq.Value, Length) : string.Format(ci, "seq={0}", Seq.Value);
            return Place == LossPlace.AfterCapture
                ? string.Format(ci, "第 {0} 帧：{1}的{2}（{3}）在抓包点之后丢失，{4}", Frame, who, what, spanZh,
                    ShownBy > 0 ? string.Format(ci, "第 {0} 帧表明对方没有收到", ShownBy) : "抓包结束时对方一直没有回应")
                : string.Format(ci, "第 {0} 帧之前：{1}的{2}（{3}）在抓包点之前丢失，从未出现在抓包中", Frame, who, what, spanZh);
        }
        string sender = FromClient ? "the client's" : "the server's";
        return Place == LossPlace.AfterCapture
            ? string.Format(ci, "frame {0}: {1} {2} ({3}) lost after the capture point, {4}", Frame, sender, What, span,
                ShownBy > 0 ? string.Format(ci, "as frame {0} shows", ShownBy) : "never answered by the end of the capture")
            : string.Format(ci, "before frame {0}: {1} {2} ({3}) lost before the capture point: it never showed", Frame, sender, What, span);
    }

    /// <summary>The English explanation.</summary>
    public override string ToString() => Explain(TcpLanguage.English);
}
