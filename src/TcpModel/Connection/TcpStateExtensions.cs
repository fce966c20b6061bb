using System;

namespace TcpModel;

/// <summary>Names and classification of <see cref="TcpState"/> values.</summary>
public static class TcpStateExtensions
{
    /// <summary>The state's name as RFC 9293 spells it: <c>SYN-SENT</c>, <c>FIN-WAIT-1</c>, ...</summary>
    [Pure]
    public static string ToRfcName(this TcpState state) => state switch
    {
        TcpState.Closed => "CLOSED",
        TcpState.Listen => "LISTEN",
        TcpState.SynSent => "SYN-SENT",
        TcpState.SynReceived => "SYN-RECEIVED",
        TcpState.Established => "ESTABLISHED",
        TcpState.FinWait1 => "FIN-WAIT-1",
        TcpState.FinWait2 => "FIN-WAIT-2",
        TcpState.CloseWait => "CLOSE-WAIT",
        TcpState.Closing => "CLOSING",
        TcpState.LastAck => "LAST-ACK",
        TcpState.TimeWait => "TIME-WAIT",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a TCP state."),
    };

    /// <summary>
    /// Parses an RFC name (<c>SYN-RECEIVED</c>) or a common abbreviation (<c>SYN-RCVD</c>,
    /// <c>SYN_RECV</c>, <c>FIN_WAIT1</c>, <c>TIME_WAIT</c>), case-insensitively.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TcpState state)
    {
        Span<char> norm = stackalloc char[16];
        int n = 0;
        foreach (char c in text.Trim())
        {
            if (c == '-' || c == '_' || c == ' ') continue;
            if (n == norm.Length) { state = default; return false; }
            norm[n++] = char.ToUpperInvariant(c);
        }
        ReadOnlySpan<char> s = norm.Slice(0, n);
        state = s switch
        {
            "CLOSED" => TcpState.Closed,
            "LISTEN" => TcpState.Listen,
            "SYNSENT" => TcpState.SynSent,
            "SYNRECEIVED" or "SYNRCVD" or "SYNRECV" or "SYNRCV" => TcpState.SynReceived,
            "ESTABLISHED" or "ESTAB" => TcpState.Established,
            "FINWAIT1" => TcpState.FinWait1,
            "FINWAIT2" => TcpState.FinWait2,
            "CLOSEWAIT" => TcpState.CloseWait,
            "CLOSING" => TcpState.Closing,
            "LASTACK" => TcpState.LastAck,
            "TIMEWAIT" => TcpState.TimeWait,
            _ => (TcpState)255,
        };
        if ((byte)state == 255) { state = default; return false; }
        return true;
    }

    /// <summary>
    /// Whether both sides' sequence numbers are known: ESTABLISHED and every state after it
    /// (RFC 9293 §3.10.7.4 "synchronized states").
    /// </summary>
    [Pure]
    public static bool IsSynchronized(this TcpState state) => state >= TcpState.Established;
}
