using System.Collections.Generic;
using System.Globalization;

namespace TcpModel.Transcripts;

/// <summary>The header fields of a segment in textbook notation: <c>SYN=1</c>, <c>seq=x</c>, <c>ack=x+1</c>.</summary>
internal static class TranscriptFields
{
    // The order of the textbook table: synchronisation first, ACK with the numbers.
    private static readonly (TcpFlags Flag, string Name)[] FlagOrder =
    [
        (TcpFlags.Syn, "SYN"), (TcpFlags.Fin, "FIN"), (TcpFlags.Rst, "RST"), (TcpFlags.Psh, "PSH"),
        (TcpFlags.Urg, "URG"), (TcpFlags.Ece, "ECE"), (TcpFlags.Cwr, "CWR"), (TcpFlags.Ack, "ACK"),
    ];

    public static IReadOnlyList<(TcpFlags Flag, string Name)> Flags => FlagOrder;

    /// <param name="seg">The segment.</param>
    /// <param name="showSynZero">Write <c>SYN=0</c> (the textbook does on the segment that answers a SYN+ACK).</param>
    public static List<string> Format(TranscriptSegment seg, bool showSynZero)
    {
        var tokens = new List<string>();
        foreach (var (flag, name) in FlagOrder)
        {
            bool set = (seg.Flags & flag) != 0;
            // ACK is always written (ACK=0 on the first SYN says the ack field is not valid).
            if (set || flag == TcpFlags.Ack || (flag == TcpFlags.Syn && showSynZero))
                tokens.Add(name + (set ? "=1" : "=0"));
        }
        tokens.Add("seq=" + seg.Seq);
        if (seg.HasAck) tokens.Add("ack=" + seg.Ack);
        if (seg.PayloadLength > 0) tokens.Add("len=" + seg.PayloadLength.ToString(CultureInfo.InvariantCulture));
        return tokens;
    }

    /// <summary>Whether step <paramref name="index"/> answers a SYN (the textbook writes <c>SYN=0</c> there).</summary>
    public static bool ShowSynZero(Transcript t, int index) =>
        index > 0 && (t.Steps[index - 1].Segment.Flags & TcpFlags.Syn) != 0 && (t.Steps[index].Segment.Flags & TcpFlags.Syn) == 0
        && (t.Steps[index].Segment.Flags & TcpFlags.Rst) == 0;
}
