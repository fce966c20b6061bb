using System;
using System.Collections.Generic;
using System.Linq;
using TcpModel.Drivers;

namespace TcpModel.Transcripts;

/// <summary>
/// The named exchanges of a TCP course, each run on the model's <see cref="TcpPair"/> driver:
/// the handshake and teardowns of the textbook tables and the RFC 9293 figures around them.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class TranscriptScenarios
{
    private const ushort ClientPort = 40000, ServerPort = 80;

    private static readonly TranscriptScenario[] Scenarios =
    [
        new("handshake", "Three-way handshake (RFC 9293 Figure 6): SYN, SYN+ACK, ACK.", "三次握手（RFC 9293 图 6）：SYN、SYN+ACK、ACK。",
            p => Handshake(p).ToSections()),
        new("teardown", "Handshake, the client sends data, then the four-way teardown with the client closing first (the textbook tables).",
            "三次握手、客户端发送数据，然后由客户端先关闭的四次挥手（教材中的两张表）。",
            p => Teardown(p, Side.Client, dataInCloseWait: 0)),
        new("teardown-server-first", "Handshake, data, then the four-way teardown with the server closing first.",
            "三次握手、数据传送，然后由服务端先关闭的四次挥手。",
            p => Teardown(p, Side.Server, dataInCloseWait: 0)),
        new("half-close", "Teardown where the server keeps sending --data bytes in CLOSE-WAIT after the client's FIN (so w = v + data).",
            "半关闭：客户端发送 FIN 后，服务端在 CLOSE-WAIT 状态下继续发送 --data 字节数据（因此 w = v + 数据长度）。",
            p => Teardown(p, Side.Client, dataInCloseWait: p.DataLength)),
        new("three-segment-close", "FIN / FIN+ACK / ACK: with a delayed ACK the server's ACK of the FIN rides on its own FIN (what Linux usually does).",
            "三报文段关闭（FIN / FIN+ACK / ACK）：服务端推迟确认，对 FIN 的确认捎带在自己的 FIN 上（Linux 通常如此）。",
            ThreeSegmentClose),
        new("data-on-handshake", "The client sends --data bytes before the connection is established: they ride on the third handshake segment.",
            "客户端在连接建立前调用 SEND：--data 字节的数据随第三次握手的报文段一起发送。",
            DataOnHandshake),
        new("simultaneous-open", "Simultaneous open (RFC 9293 Figure 7): both SYNs cross, both sides pass through SYN-RECEIVED.",
            "同时打开（RFC 9293 图 7）：双方的 SYN 在途中交叉，双方都经过 SYN-RECEIVED。",
            SimultaneousOpen),
        new("simultaneous-close", "Simultaneous close (RFC 9293 Figure 13): both FINs cross, both sides pass through CLOSING and end in TIME-WAIT.",
            "同时关闭（RFC 9293 图 13）：双方的 FIN 交叉，双方都经过 CLOSING，最后都进入 TIME-WAIT。",
            SimultaneousClose),
        new("refused", "Connection refused: a SYN to a port with no listener is answered by RST+ACK (RFC 9293 §3.10.7.1).",
            "连接被拒绝：发往无人监听端口的 SYN 收到 RST+ACK（RFC 9293 §3.10.7.1）。",
            Refused),
        new("abort", "Abortive close: after --data bytes the client calls ABORT and sends RST (RFC 9293 §3.10.5).",
            "异常关闭：发送 --data 字节后，客户端调用 ABORT，发送 RST（RFC 9293 §3.10.5）。",
            Abort),
        new("old-duplicate-syn", "Recovery from an old duplicate SYN (RFC 9293 Figure 8): the client resets the stale half-open connection.",
            "旧的重复 SYN（RFC 9293 图 8）：客户端用 RST 清除由旧 SYN 建立的半开连接。",
            OldDuplicateSyn),
    ];

    /// <summary>Every scenario, in teaching order.</summary>
    public static IReadOnlyList<TranscriptScenario> All => Scenarios;

    /// <summary>Finds a scenario by name (case-insensitive).</summary>
    /// <param name="name">The scenario name.</param>
    /// <param name="scenario">The scenario, or null.</param>
    public static bool TryGet(string? name, out TranscriptScenario? scenario)
    {
        scenario = Scenarios.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        return scenario is not null;
    }

    /// <summary>The seed's two tables from the model: the handshake and the four-way teardown (no data).</summary>
    /// <param name="parameters">ISNs, language and settings (the data length is not used).</param>
    public static IReadOnlyList<Transcript> Demo(ScenarioParameters? parameters = null)
    {
        parameters ??= ScenarioParameters.Default;
        return Teardown(new ScenarioParameters { ClientIsn = parameters.ClientIsn, ServerIsn = parameters.ServerIsn, DataLength = 0, Language = parameters.Language, Settings = parameters.Settings },
            Side.Client, dataInCloseWait: 0);
    }

    private static string T(ScenarioParameters p, string english, string chinese) => p.Language == TranscriptLanguage.Chinese ? chinese : english;

    private static TranscriptRecorder Handshake(ScenarioParameters p, TcpSettings? settings = null) =>
        new TranscriptRecorder(TcpPair.ClientServer(ClientPort, ServerPort, p.ServerIsn, settings ?? p.Settings), T(p, "Three-way handshake", "三次握手"))
            .Do(Side.Client, TcpEvent.OpenActive(p.ClientIsn)).DeliverAll();

    private static TranscriptRecorder Established(ScenarioParameters p, TcpSettings? settings = null)
    {
        TranscriptRecorder r = Handshake(p, settings);
        if (p.DataLength > 0) r.Section(T(p, "Data transfer", "数据传送")).Do(Side.Client, TcpEvent.Send(p.DataLength)).DeliverAll();
        return ReadAll(r, Side.Server, p.DataLength);
    }

    /// <summary>The application reads what arrived, so the receive window opens again (RFC 9293 §3.10.3); a window update may follow.</summary>
    private static TranscriptRecorder ReadAll(TranscriptRecorder r, Side reader, int bytes)
    {
        if (bytes > 0) r.Do(reader, TcpEvent.Receive(bytes)).DeliverAll();
        return r;
    }

    private static IReadOnlyList<Transcript> Teardown(ScenarioParameters p, Side first, int dataInCloseWait)
    {
        Side other = first == Side.Client ? Side.Server : Side.Client;
        TranscriptRecorder r = Established(p, null);
        r.Section(T(p, "Four-way teardown", "四次挥手")).Do(first, TcpEvent.Close()).DeliverAll();
        // Half-close (RFC 9293 §3.6): the side in CLOSE-WAIT may still send (the textbook's seq=w).
        if (dataInCloseWait > 0) ReadAll(r.Do(other, TcpEvent.Send(dataInCloseWait)).DeliverAll(), first, dataInCloseWait);
        return r.Do(other, TcpEvent.Close()).DeliverAll().ToSections();
    }

    private static IReadOnlyList<Transcript> ThreeSegmentClose(ScenarioParameters p)
    {
        // With a delayed ACK (RFC 9293 §3.8.6.3) the server's ACK of the FIN waits; its CLOSE sends FIN+ACK.
        TcpSettings settings = p.Settings.DelayedAckTimeout > TimeSpan.Zero ? p.Settings : p.Settings with { DelayedAckTimeout = TimeSpan.FromMilliseconds(40) };
        TranscriptRecorder r = Established(p, settings);
        // Let the delayed ACK of the data go first: a FIN arriving while an ACK is owed is acknowledged at once.
        r.AdvanceTo(r.Pair.Now + settings.DelayedAckTimeout).DeliverAll();
        return r.Section(T(p, "Three-segment close", "三报文段关闭"))
            .Do(Side.Client, TcpEvent.Close()).Deliver()
            .Do(Side.Server, TcpEvent.Close()).DeliverAll().ToSections();
    }

    private static IReadOnlyList<Transcript> DataOnHandshake(ScenarioParameters p) =>
        new TranscriptRecorder(TcpPair.ClientServer(ClientPort, ServerPort, p.ServerIsn, p.Settings), T(p, "Data on the third handshake segment", "第三次握手携带数据"))
            .Do(Side.Client, TcpEvent.OpenActive(p.ClientIsn))
            .Do(Side.Client, TcpEvent.Send(Math.Max(1, p.DataLength))) // queued until ESTABLISHED (§3.10.2)
            .DeliverAll().ToSections();

    private static IReadOnlyList<Transcript> SimultaneousOpen(ScenarioParameters p) =>
        new TranscriptRecorder(TcpPair.Create(TcpConnection.Create(ClientPort, ServerPort, p.Settings), TcpConnection.Create(ServerPort, ClientPort, p.Settings)),
                T(p, "Simultaneous open", "同时打开"))
            .Do(Side.Client, TcpEvent.OpenActive(p.ClientIsn))
            .Do(Side.Server, TcpEvent.OpenActive(p.ServerIsn))
            .DeliverAll().ToSections();

    private static IReadOnlyList<Transcript> SimultaneousClose(ScenarioParameters p) =>
        Handshake(p).Section(T(p, "Simultaneous close", "同时关闭"))
            .Do(Side.Client, TcpEvent.Close())
            .Do(Side.Server, TcpEvent.Close())
            .DeliverAll().ToSections();

    private static IReadOnlyList<Transcript> Refused(ScenarioParameters p) =>
        new TranscriptRecorder(TcpPair.Create(TcpConnection.Create(ClientPort, ServerPort, p.Settings), TcpConnection.Create(ServerPort, ClientPort, p.Settings)),
                T(p, "Connection refused", "连接被拒绝"))
            .Do(Side.Client, TcpEvent.OpenActive(p.ClientIsn))
            .DeliverAll().ToSections();

    private static IReadOnlyList<Transcript> Abort(ScenarioParameters p) =>
        Established(p).Section(T(p, "Abortive close", "异常关闭（ABORT）"))
            .Do(Side.Client, TcpEvent.Abort())
            .DeliverAll().ToSections();

    private static IReadOnlyList<Transcript> OldDuplicateSyn(ScenarioParameters p)
    {
        TranscriptRecorder r = new TranscriptRecorder(TcpPair.ClientServer(ClientPort, ServerPort, p.ServerIsn, p.Settings), T(p, "Old duplicate SYN", "旧的重复 SYN"))
            .Do(Side.Client, TcpEvent.OpenActive(p.ClientIsn))
            .Delay() // the SYN lingers in the network; an old duplicate from an earlier incarnation gets there first
            .Inject(Side.Server, new TcpSegment(ClientPort, ServerPort, p.ClientIsn.Plus(-10), default, TcpFlags.Syn, 65535))
            .DeliverAll();
        // The listener picks a new ISS for the next connection attempt (RFC 9293 §3.4.1: the ISN clock moves on).
        return r.Replace(Side.Server, r.Pair.B.WithIss(p.ServerIsn.Plus(100))).Release().DeliverAll().ToSections();
    }
}
