using System.Collections.Generic;
using System.Linq;

namespace TcpModel.Transcripts;

/// <summary>
/// The "state change" column of the textbook tables, in both directions.
/// </summary>
/// <remarks>
/// <para>The textbook reports each state change once, in the row of the segment the endpoint sends
/// because of it ("服务端进入 SYN-RCVD" in row 2, though the server entered SYN-RECEIVED when row 1's
/// SYN arrived); a change after which the endpoint sends nothing is reported in the row of the
/// segment that caused it ("双方进入 ESTABLISHED", "服务端处于 CLOSED"). A transcript stores the
/// states after each step (RFC 9293's figures); this class converts one into the other.</para>
/// <para>A deferred change and a change made by a user call (CLOSE in CLOSE-WAIT) would read alike,
/// so when an endpoint's arrival changed nothing and it then changes state as it sends, the row says
/// "from A to B" (由 A 进入 B).</para>
/// </remarks>
internal static class StateColumn
{
    internal readonly record struct Mention(Side Side, TcpState? From, TcpState To);

    public static List<Mention>[] Describe(Transcript t)
    {
        int n = t.Steps.Count;
        var rows = new List<Mention>[n];
        bool receiverMentioned = false;
        for (int i = 0; i < n; i++)
        {
            TranscriptStep step = t.Steps[i];
            var row = new List<Mention>();
            Side s = step.Sender, r = step.Receiver;
            TcpState? p = t.Before(i, s), q = step.After(s);
            bool prevReceived = i > 0 && t.Steps[i - 1].Receiver == s && !receiverMentioned;
            bool deferred = prevReceived && t.Before(i - 1, s) != p;
            if (q is TcpState to)
            {
                if (deferred) row.Add(q == p ? new Mention(s, null, to) : new Mention(s, p, to));
                else if (q != p) row.Add(prevReceived && p is not null ? new Mention(s, p, to) : new Mention(s, null, to));
            }
            receiverMentioned = false;
            TcpState? r0 = t.Before(i, r), r1 = step.After(r);
            if (r1 is TcpState rTo && r1 != r0 && !(i + 1 < n && t.Steps[i + 1].Sender == r))
            {
                row.Add(new Mention(r, null, rTo));
                receiverMentioned = true;
            }
            rows[i] = row;
        }
        return rows;
    }

    public static string Format(List<Mention> row, TranscriptLanguage lang, bool code)
    {
        bool zh = TranscriptVocabulary.Zh(lang);
        if (row.Count == 2 && row[0].From is null && row[1].From is null && row[0].To == row[1].To)
        {
            string label = TranscriptVocabulary.StateLabel(row[0].To, lang, code);
            return zh ? "双方进入 " + label + "状态" : "both enter " + label;
        }
        var parts = new List<string>();
        foreach (Mention m in row)
        {
            string who = TranscriptVocabulary.SideName(m.Side, lang);
            string to = TranscriptVocabulary.StateLabel(m.To, lang, code);
            if (m.From is TcpState from)
            {
                string f = TranscriptVocabulary.StateLabel(from, lang, code);
                parts.Add(zh ? who + "由 " + f + "状态进入 " + to + "状态" : who + " goes from " + f + " to " + to);
            }
            else parts.Add(zh ? who + "进入 " + to + "状态" : who + " enters " + to);
        }
        return string.Join(zh ? "，" : ", ", parts);
    }

    /// <summary>
    /// The states after each step from the rows' mentions (the reverse of <see cref="Describe"/>).
    /// Returns the index of the first row whose mention contradicts what is known, or -1.
    /// </summary>
    public static int Apply(TcpState? initialClient, TcpState? initialServer, IReadOnlyList<(Side Sender, List<Mention> Mentions)> rows,
        out (TcpState? Client, TcpState? Server)[] after)
    {
        after = new (TcpState?, TcpState?)[rows.Count];
        var cur = new TcpState?[] { initialClient, initialServer };
        bool receiverMentioned = false;
        for (int i = 0; i < rows.Count; i++)
        {
            Side s = rows[i].Sender, r = s == Side.Client ? Side.Server : Side.Client;
            bool prevReceived = i > 0 && rows[i - 1].Sender != s && !receiverMentioned;
            foreach (Mention m in rows[i].Mentions.Where(m => m.Side == s))
            {
                if (prevReceived)
                {
                    // The change happened when the previous row's segment arrived.
                    SetPrevious(after, i - 1, s, m.From ?? m.To);
                }
                else if (m.From is TcpState from && from != cur[(int)s])
                {
                    return i;
                }
                cur[(int)s] = m.To;
            }
            receiverMentioned = false;
            foreach (Mention m in rows[i].Mentions.Where(m => m.Side == r))
            {
                if (m.From is TcpState from && from != cur[(int)r]) return i;
                cur[(int)r] = m.To;
                receiverMentioned = true;
            }
            after[i] = (cur[0], cur[1]);
        }
        return -1;
    }

    private static void SetPrevious((TcpState? Client, TcpState? Server)[] after, int index, Side side, TcpState state)
    {
        if (side == Side.Client) after[index].Client = state;
        else after[index].Server = state;
    }
}
