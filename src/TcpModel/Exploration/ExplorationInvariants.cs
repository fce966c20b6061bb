using System.Collections.Generic;

namespace TcpModel.Exploration;

/// <summary>The invariants every exploration checks unless <see cref="ExplorationOptions.CheckBuiltInInvariants"/> is off.</summary>
public static class ExplorationInvariants
{
    /// <summary>
    /// Never both ESTABLISHED with mismatched sequence numbers: each one's IRS is the other's ISS
    /// (RFC 9293 §3.4: the handshake's purpose is that "both sides ... synchronize on each other's
    /// initial sequence numbers").
    /// </summary>
    public static ExplorationInvariant IsnAgreement { get; } = new("isn-agreement",
        "both ESTABLISHED implies each IRS is the other's ISS (RFC 9293 §3.4)",
        static (in ExplorationState s) => !(s.Client.State == TcpState.Established && s.Server.State == TcpState.Established)
            || (s.Client.Irs == s.Server.Iss && s.Server.Irs == s.Client.Iss))
    {
        ChineseDescription = "双方都处于 ESTABLISHED 时，各自的 IRS 就是对方的 ISS（RFC 9293 §3.4）",
    };

    /// <summary>SND.UNA ≤ SND.NXT at both ends (RFC 9293 §3.3.1: the oldest unacknowledged octet is not beyond the next to send).</summary>
    public static ExplorationInvariant SendWindowOrder { get; } = new("snd-una-le-snd-nxt",
        "SND.UNA ≤ SND.NXT at both ends (RFC 9293 §3.3.1)",
        static (in ExplorationState s) => s.Client.SndUna <= s.Client.SndNxt && s.Server.SndUna <= s.Server.SndNxt)
    {
        ChineseDescription = "两端都满足 SND.UNA ≤ SND.NXT（RFC 9293 §3.3.1）",
    };

    /// <summary>
    /// No data acknowledged that was not sent: an endpoint synchronized on its peer's ISS has not
    /// received (RCV.NXT) beyond what the peer sent (SND.NXT); RFC 9293 §3.10.7.4 ignores an ACK of
    /// something not yet sent.
    /// </summary>
    public static ExplorationInvariant NothingAckedUnsent { get; } = new("nothing-acked-unsent",
        "no endpoint has received (RCV.NXT) beyond what its peer sent (SND.NXT) (RFC 9293 §3.10.7.4)",
        static (in ExplorationState s) => Received(s.Client, s.Server, true) && Received(s.Server, s.Client, s.ClientOpened))
    {
        ChineseDescription = "任何一端收到的（RCV.NXT）都不超过对方发出的（SND.NXT）：不会确认没有发送过的数据（RFC 9293 §3.10.7.4）",
    };

    /// <summary>
    /// No connection nobody asked for: an endpoint in a synchronized state got its IRS from a SYN its
    /// peer sent in this run. An old duplicate SYN must not open a connection (RFC 9293 §3.5, Figure 9:
    /// "the principal reason for the three-way handshake is to prevent old duplicate connection
    /// initiations from causing confusion").
    /// </summary>
    public static ExplorationInvariant NoConnectionNotAskedFor { get; } = new("no-connection-not-asked-for",
        "a synchronized endpoint's IRS is its peer's ISS in this run: no old duplicate SYN opens a connection (RFC 9293 §3.5)",
        static (in ExplorationState s) => AskedFor(s.Server, s.Client, s.ClientOpened) && AskedFor(s.Client, s.Server, true))
    {
        ChineseDescription = "处于同步状态的一端，其 IRS 是对方在本次运行中的 ISS：旧的重复 SYN 不会建立连接（RFC 9293 §3.5）",
    };

    /// <summary>Every built-in invariant.</summary>
    public static IReadOnlyList<ExplorationInvariant> BuiltIn { get; } = new[] { IsnAgreement, SendWindowOrder, NothingAckedUnsent, NoConnectionNotAskedFor };

    private static bool Live(TcpState s) => s is not (TcpState.Closed or TcpState.Listen);

    private static bool Received(in TcpConnection me, in TcpConnection peer, bool peerOpened) =>
        !(peerOpened && me.State.IsSynchronized() && Live(peer.State) && me.Irs == peer.Iss) || me.RcvNxt <= peer.SndNxt;

    private static bool AskedFor(in TcpConnection me, in TcpConnection peer, bool peerOpened) =>
        !me.State.IsSynchronized() || (peerOpened && me.Irs == peer.Iss);
}
