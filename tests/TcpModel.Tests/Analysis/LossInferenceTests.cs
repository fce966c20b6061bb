using System;
using System.IO;
using System.Linq;
using TcpModel.Analysis;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>
/// Where a capture was taken, and the segments lost after that point: inferred from the other end's
/// behaviour, reported as network faults, never as violations; and nothing inferred where the
/// capture point rules loss out (the crafted loopback captures keep their violations).
/// </summary>
public class LossInferenceTests
{
    private static readonly InlineIPAddress Client = InlineIPAddress.Parse("10.77.0.1"), Server = InlineIPAddress.Parse("10.77.0.2");
    private const ushort Cp = 40009, Sp = 20009;
    private const long Ms = 1_000_000;

    [Theory]
    [InlineData(20 * Ms, 50_000, CaptureSite.Client)]   // SYN,ACK after a round trip, the ACK at once
    [InlineData(50_000, 20 * Ms, CaptureSite.Server)]   // the SYN,ACK at once, the ACK after a round trip
    [InlineData(8 * Ms, 12 * Ms, CaptureSite.Middle)]
    [InlineData(40_000, 30_000, CaptureSite.Both)]      // loopback: both next to nothing
    [InlineData(1 * Ms, 1 * Ms, CaptureSite.Middle)]
    public void InferSite_FromTheHandshakeTiming(long synToSynAck, long synAckToAck, CaptureSite expected) =>
        Assert.Equal(expected, ConnectionReplay.InferSite(synToSynAck, synAckToAck));

    private static byte[] Capture(params (long Ns, bool FromClient, TcpSegment Segment)[] frames)
    {
        var ms = new MemoryStream();
        using (var w = new PcapWriter(ms, LinkType.Raw, nanosecondResolution: true, leaveOpen: true))
            foreach (var f in frames) w.WriteSegment(f.Ns, f.FromClient ? Client : Server, f.FromClient ? Server : Client, f.Segment);
        return ms.ToArray();
    }

    private static TcpSegment C(uint seq, uint ack, TcpFlags flags, int len = 0) => new(Cp, Sp, seq, ack, flags, 64240, len);

    private static TcpSegment S(uint seq, uint ack, TcpFlags flags, int len = 0) => new(Sp, Cp, seq, ack, flags, 65160, len);

    private static ConnectionCheck CheckOne(byte[] capture)
    {
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(capture), out CheckReport report, out WireError error), error.ToString());
        return Assert.Single(report.Connections);
    }

    [Fact]
    public void FinRetransmittedTwice_NeverAcknowledged_AtTheClient_IsLostNotAViolation()
    {
        // The case: the client's FIN and both retransmissions go unanswered. Had the server got
        // one, it would owe an ACK (RFC 9293 §3.10.7.4); it sent none, so it never got them: it is
        // still ESTABLISHED, the connection is incomplete, and nothing was violated.
        byte[] capture = Capture(
            (0, true, C(1000, 0, TcpFlags.Syn)),
            (20 * Ms, false, S(5000, 1001, TcpFlags.Syn | TcpFlags.Ack)),
            (20 * Ms + 50_000, true, C(1001, 5001, TcpFlags.Ack)),
            (100 * Ms, true, C(1001, 5001, TcpFlags.Fin | TcpFlags.Ack)),
            (300 * Ms, true, C(1001, 5001, TcpFlags.Fin | TcpFlags.Ack)),
            (700 * Ms, true, C(1001, 5001, TcpFlags.Fin | TcpFlags.Ack)));
        ConnectionCheck c = CheckOne(capture);
        Assert.Equal(CheckVerdict.Incomplete, c.Verdict);
        Assert.Equal(CaptureSite.Client, c.CaptureSite);
        Assert.Equal((TcpState.FinWait1, TcpState.Established), (c.ClientState, c.ServerState));
        Assert.Equal(2, c.InferredLosses); // the FIN and its first retransmission; the last may still be on its way
        Assert.Equal(4, c.FirstInferredLossFrame);
        Assert.Equal(TcpViolation.None, c.Violation);
    }

    [Fact]
    public void TheSameExchange_CapturedAtTheServer_ReadsConsistently()
    {
        // At the server the FINs never appear (lost before the capture point): both ends ESTABLISHED.
        byte[] capture = Capture(
            (10 * Ms, true, C(1000, 0, TcpFlags.Syn)),
            (10 * Ms + 50_000, false, S(5000, 1001, TcpFlags.Syn | TcpFlags.Ack)),
            (30 * Ms + 50_000, true, C(1001, 5001, TcpFlags.Ack)));
        ConnectionCheck c = CheckOne(capture);
        Assert.Equal(CheckVerdict.Incomplete, c.Verdict);
        Assert.Equal(CaptureSite.Server, c.CaptureSite);
        Assert.Equal((TcpState.Established, TcpState.Established), (c.ClientState, c.ServerState));
        Assert.Equal(0, c.InferredLosses);
    }

    [Fact]
    public void FinAcknowledged_AtTheClient_IsNotInferredLost()
    {
        byte[] capture = Capture(
            (0, true, C(1000, 0, TcpFlags.Syn)),
            (20 * Ms, false, S(5000, 1001, TcpFlags.Syn | TcpFlags.Ack)),
            (20 * Ms + 50_000, true, C(1001, 5001, TcpFlags.Ack)),
            (100 * Ms, true, C(1001, 5001, TcpFlags.Fin | TcpFlags.Ack)),
            (120 * Ms, false, S(5001, 1002, TcpFlags.Ack)));
        ConnectionCheck c = CheckOne(capture);
        Assert.Equal((TcpState.FinWait2, TcpState.CloseWait), (c.ClientState, c.ServerState));
        Assert.Equal(0, c.InferredLosses);
    }

    [Fact]
    public void SameAddressAtBothEnds_NothingIsInferredLost_TheViolationStands()
    {
        // The crafted loopback capture: the server's ACK does not count the client's FIN. On one host
        // the FIN cannot have been lost, so this stays the violation it is.
        ConnectionCheck c = AnalysisTestData.Check("crafted-fin-ack-not-counting-fin.pcap").Connections[0];
        Assert.Equal(CheckVerdict.Invalid, c.Verdict);
        Assert.Equal(CaptureSite.Both, c.CaptureSite);
        Assert.Equal(0, c.InferredLosses);
    }

    /// <summary>
    /// corpus/impaired, scripted: the handshake's last ACK dropped by the relay (the server resends its
    /// SYN,ACK 1 s later and the client answers again); the abort's RST dropped (the server closes after
    /// 5 s and the client, gone, answers its FIN with a RST); a data segment of a bulk transfer dropped
    /// (the server holds the rest out of order until the retransmission fills the hole, then
    /// acknowledges it all, as Linux does).
    /// </summary>
    [Theory]
    [InlineData("linux-handshake-ack-lost-at-client.pcap", 3, "CLOSED", "TIME-WAIT")]
    [InlineData("linux-abort-rst-lost-at-client.pcap", 8, "CLOSED", "CLOSED")]
    [InlineData("linux-bulk-data-lost-at-client.pcap", 6, "TIME-WAIT", "CLOSED")]
    public void RealLinux_SegmentLostAfterTheClientCapture_IsNamed_AndTheConnectionIsValid(string file, long lostFrame, string client, string server) =>
        AssertOneLoss(file, CaptureSite.Client, lostFrame, client, server);

    /// <summary>
    /// corpus/impaired, bulk transfers through many holes at 5–10 % loss: the receiver's SACK blocks above
    /// its cumulative ACK say it holds what came out of order (RFC 2018 §4), as Linux does; once taken for a
    /// receiver that drops it (the simulator's hosts do), its last cumulative ACK acknowledged data the
    /// replay thought gone: invalid there before 2026-12-04.
    /// </summary>
    [Theory]
    [InlineData("linux-sack-recovery-at-client.pcap", CaptureSite.Client, "TIME-WAIT", "CLOSED")]
    [InlineData("linux-sack-recovery-at-server.pcap", CaptureSite.Server, "CLOSED", "TIME-WAIT")]
    public void RealLinux_SackRecovery_TheReceiverHolds_AndTheConnectionIsValid(string file, CaptureSite site, string client, string server) =>
        Assert.True(AssertValid(file, site, client, server).InferredLosses > 0);

    /// <summary>
    /// corpus/impaired `mixed` (2 % reordering held 30 ms): the receiver's ACKs, reordered, look for a
    /// moment like those of a receiver that dropped what it held (67 segments); the replay kept only
    /// 64 of them in case they came late, and the last cumulative ACK acknowledged the forgotten ones:
    /// invalid (AckOfUnsentData) on the build of 2026-12-04 before the fix. A receiver holds as many as it can hold.
    /// </summary>
    [Theory]
    [InlineData("linux-sack-held-beyond-64-at-client.pcap", CaptureSite.Client, "TIME-WAIT", "CLOSED")]
    [InlineData("linux-sack-held-beyond-64-at-server.pcap", CaptureSite.Server, "CLOSED", "TIME-WAIT")]
    public void RealLinux_MoreThan64SegmentsHeld_AllMayComeLate_AndTheConnectionIsValid(string file, CaptureSite site, string client, string server) =>
        AssertValid(file, site, client, server);

    /// <summary>
    /// corpus/impaired seed 5 (2026-12-04) `mixed`, `half_close`, captured at the client: the server's
    /// SYN,ACK was sent again, so it starts with a window of one segment (RFC 6298 §5.7); the client's
    /// ACKs of its first two segments (frames 11, 13) are lost after the capture point, and the server
    /// sends new data 240 ms later (frame 12, a tail loss probe, RFC 8985 §7.3) and then, its timer
    /// expired, its first segment again (frame 14). Each of frames 12 and 14 echoes a TSecr older than
    /// the ACK before it (RFC 7323 §3.2, §4.3): those ACKs had not arrived, though captured long before
    /// (the replay's bound had them arrive: SequenceMismatch at frame 14 on the build of 2026-12-04 before the fix).
    /// </summary>
    [Fact]
    public void RealLinux_AcksLostBeforeAProbe_TheEchoSaysSo_AndTheConnectionIsValid()
    {
        ConnectionCheck c = AssertValid("linux-acks-lost-before-a-probe-at-client.pcap", CaptureSite.Client, "CLOSED", "CLOSED");
        long[] lostAfter = c.Losses.Where(l => l.Place == LossPlace.AfterCapture).Select(l => l.Frame).ToArray();
        Assert.Equal(new long[] { 11, 13 }, lostAfter);
        Assert.All(c.Losses.Where(l => l.Place == LossPlace.AfterCapture), l => Assert.True(l.FromClient && l.Length == 0, l.ToString()));
    }

    /// <summary>
    /// corpus/impaired seed 3 `mixed`, `simul_open`: the server's end of a simultaneous open echoes the
    /// TSval of the ACK that completed it for the rest of the connection (Linux), though data arrives after
    /// it; its cumulative ACK (frame 13) says the data came, and outweighs the echo.
    /// </summary>
    [Fact]
    public void RealLinux_SimultaneousOpen_AnEchoThatStaysPut_DoesNotHideWhatTheAckCovers() =>
        AssertValid("linux-simultaneous-open-echo-stays-at-client.pcap", CaptureSite.Client, "TIME-WAIT", "CLOSED");

    /// <summary>
    /// corpus/impaired seed 7 (2026-12-04), `keepalive`: Linux keep-alive probes (RFC 1122 §4.2.3.6,
    /// RFC 9293 §3.8.4: SEG.SEQ = SND.NXT − 1, no data) every 1 s of idle (TCP_KEEPIDLE, TCP_KEEPINTVL),
    /// each answered with an ACK; and, every pure ACK of the server lost (`keepalive-unanswered`), three
    /// probes unanswered (TCP_KEEPCNT) and the client's RST that ends the connection
    /// (tcp_keepalive_timer), seen at either end. Conforming: valid.
    /// </summary>
    [Theory]
    [InlineData("linux-keepalive-at-client.pcap", CaptureSite.Client, "TIME-WAIT", "CLOSED")]
    [InlineData("linux-keepalive-unanswered-at-client.pcap", CaptureSite.Client, "CLOSED", "CLOSED")]
    [InlineData("linux-keepalive-unanswered-at-server.pcap", CaptureSite.Server, "CLOSED", "CLOSED")]
    public void RealLinux_KeepAliveProbes_AnsweredOrNot_AreValid(string file, CaptureSite site, string client, string server) =>
        Assert.Equal(TimingKind.None, AssertValid(file, site, client, server).Timing.Kind);

    /// <summary>The capture's one connection: valid, no violation, read as captured at <paramref name="site"/>, ending in those states.</summary>
    private static ConnectionCheck AssertValid(string file, CaptureSite site, string client, string server)
    {
        ConnectionCheck c = AnalysisTestData.Check(file).Connections[0];
        Assert.Equal(TcpViolation.None, c.Violation);
        Assert.Equal(CheckVerdict.Valid, c.Verdict);
        Assert.Equal(site, c.CaptureSite);
        Assert.Equal((client, server), (c.ClientState.ToRfcName(), c.ServerState.ToRfcName()));
        return c;
    }

    [Fact]
    public void RealLinux_SegmentLostBeforeTheServerCapture_IsNamed_AndTheConnectionIsValid() =>
        // The same bulk transfer at the server: the lost segment never shows; frame 8 starts after the gap.
        AssertOneLoss("linux-bulk-data-lost-at-server.pcap", CaptureSite.Server, 8, "TIME-WAIT", "CLOSED");

    private static void AssertOneLoss(string file, CaptureSite site, long lostFrame, string client, string server)
    {
        ConnectionCheck c = AnalysisTestData.Check(file).Connections[0];
        Assert.Equal(CheckVerdict.Valid, c.Verdict);
        Assert.Equal(site, c.CaptureSite);
        Assert.Equal(1, c.InferredLosses);
        Assert.Equal(lostFrame, c.FirstInferredLossFrame);
        // The loss itself, with its evidence: captured and lost after a client capture; never seen at the server.
        InferredLoss loss = Assert.Single(c.Losses);
        Assert.Equal(lostFrame, loss.Frame);
        Assert.Equal(site == CaptureSite.Client ? LossPlace.AfterCapture : LossPlace.BeforeCapture, loss.Place);
        Assert.True(loss.ShownBy >= loss.Frame, loss.ToString());
        Assert.StartsWith(site == CaptureSite.Client ? $"frame {lostFrame}: " : $"before frame {lostFrame}: ", loss.ToString());
        Assert.Contains(site == CaptureSite.Client ? "在抓包点之后丢失" : "在抓包点之前丢失", loss.Explain(TcpLanguage.Chinese));
        Assert.Equal((client, server), (c.ClientState.ToRfcName(), c.ServerState.ToRfcName()));
    }

    /// <summary>
    /// corpus/impaired, <c>mixed</c> and <c>loss10</c>: segments the relay reordered before the capture
    /// point, each shown by its timestamp to have been sent before one already captured (RFC 7323 §3):
    /// a simultaneous open whose SYN (or SYN,ACK) arrives after the handshake it belongs to, and whose
    /// own SYN,ACK is the client's (the capture point mirrored); the FIN of a simultaneous close behind
    /// the ACK its sender sent after it; an ACK sent just before an abort, behind its RST; a refused
    /// SYN the relay duplicated (two RSTs, 28 ms after the SYN: not captured at the server); and a FIN
    /// lost before the capture that Linux collapsed into the RTO retransmission of data already
    /// received (the FIN is new: RFC 9293 §3.10.7.4 processes it). All conforming Linux TCP.
    /// </summary>
    [Theory]
    [InlineData("linux-simultaneous-open-syn-held-back-at-client.pcap", CaptureSite.Client, 0, "TIME-WAIT", "CLOSED")]
    [InlineData("linux-simultaneous-open-synack-held-back-at-client.pcap", CaptureSite.Client, 0, "TIME-WAIT", "CLOSED")]
    [InlineData("linux-simultaneous-open-first-syn-late-at-client.pcap", CaptureSite.Client, 0, "TIME-WAIT", "CLOSED")]
    [InlineData("linux-simultaneous-close-fin-reordered-at-client.pcap", CaptureSite.Client, 0, "TIME-WAIT", "CLOSED")]
    [InlineData("linux-ack-reordered-behind-abort-at-server.pcap", CaptureSite.Server, 0, "CLOSED", "CLOSED")]
    [InlineData("linux-refused-syn-duplicated-at-client.pcap", CaptureSite.Unknown, 0, "CLOSED", "CLOSED")]
    [InlineData("linux-fin-collapsed-into-retransmission-at-client.pcap", CaptureSite.Client, 2, "CLOSED", "TIME-WAIT")]
    public void RealLinux_SegmentsReorderedOrCopiedBeforeTheCapturePoint_AreNoViolation(string file, CaptureSite site, int losses, string client, string server)
    {
        ConnectionCheck c = Assert.Single(AnalysisTestData.Check(file).Connections);
        Assert.Equal(CheckVerdict.Valid, c.Verdict);
        Assert.Equal(site, c.CaptureSite);
        Assert.Equal(losses, c.InferredLosses);
        Assert.Equal((client, server), (c.ClientState.ToRfcName(), c.ServerState.ToRfcName()));
    }

    [Theory]
    [InlineData("linux-ack-reordered-behind-abort-at-server.pcap", 8, 8, 100_000u, TcpViolation.NoConnection)] // the late ACK acknowledges data never sent: reported from the closed end it is now
    [InlineData("linux-simultaneous-close-fin-reordered-at-client.pcap", 10, 8, 100_000u, TcpViolation.AckOfUnsentData)] // the late FIN too
    [InlineData("linux-simultaneous-close-fin-reordered-at-client.pcap", 10, 4, 1u, TcpViolation.SequenceMismatch)] // the late FIN one byte beyond where it was
    public void AWrongSegmentAmongReorderedOnes_IsStillCaughtAtItsFrame(string file, long frame, int tcpOffset, uint added, TcpViolation expected)
    {
        // A segment sent earlier is accepted only as what its sender could send then.
        uint value = unchecked(Field(file, frame, tcpOffset) + added);
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(Patched(file, frame, tcpOffset, value)), out CheckReport report, out _));
        ConnectionCheck c = report.Connections[0];
        Assert.Equal(CheckVerdict.Invalid, c.Verdict);
        Assert.Equal(frame, c.ViolationFrame);
        Assert.Equal(expected, c.Violation);
    }

    /// <summary>A 32-bit TCP header field of frame <paramref name="frame"/> of a committed capture (raw IPv4 frames).</summary>
    private static uint Field(string file, long frame, int tcpOffset)
    {
        byte[] pcap = File.ReadAllBytes(AnalysisTestData.CapturePath(file));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(pcap.AsSpan(TcpHeaderAt(pcap, frame) + tcpOffset));
    }

    /// <summary>Where frame <paramref name="frame"/>'s TCP header starts in a pcap of raw IPv4 frames.</summary>
    private static int TcpHeaderAt(byte[] pcap, long frame)
    {
        int at = 24;
        for (long n = 1; n < frame; n++) at += 16 + BitConverter.ToInt32(pcap, at + 8);
        int ip = at + 16;
        return ip + (pcap[ip] & 0x0F) * 4;
    }

    /// <summary>The committed capture with one TCP header field of frame <paramref name="frame"/> changed (raw IPv4 frames).</summary>
    private static byte[] Patched(string file, long frame, int tcpOffset, uint value)
    {
        byte[] pcap = File.ReadAllBytes(AnalysisTestData.CapturePath(file));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(pcap.AsSpan(TcpHeaderAt(pcap, frame) + tcpOffset), value);
        return pcap;
    }

    [Theory]
    [InlineData(42, 8, 23169u + 100_000u, TcpViolation.AckOfUnsentData)] // a server ACK of data never sent
    [InlineData(44, 4, 33305u + 50_000u, TcpViolation.SequenceMismatch)] // a client segment far beyond SND.NXT
    public void AWrongSegmentInsideALossyRealCapture_IsStillCaughtAtItsFrame(long frame, int tcpOffset, uint relative, TcpViolation expected)
    {
        // Tolerance is not blindness: in the capture whose loss is inferred above, one crafted segment
        // is still the violation at its frame. Both fields count the client's sequence space: the value
        // is written relative to the client's ISN (frame 1, its SYN), as tshark shows it.
        ConnectionCheck clean = AnalysisTestData.Check("linux-bulk-data-lost-at-client.pcap").Connections[0];
        Assert.Equal(CheckVerdict.Valid, clean.Verdict);
        byte[] original = File.ReadAllBytes(AnalysisTestData.CapturePath("linux-bulk-data-lost-at-client.pcap"));
        int ip = 24 + 16, tcp = ip + (original[ip] & 0x0F) * 4;
        uint value = unchecked(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(original.AsSpan(tcp + 4)) + relative);
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(Patched("linux-bulk-data-lost-at-client.pcap", frame, tcpOffset, value)),
            out CheckReport report, out _));
        ConnectionCheck c = report.Connections[0];
        Assert.Equal(CheckVerdict.Invalid, c.Verdict);
        Assert.Equal(frame, c.ViolationFrame);
        Assert.Equal(expected, c.Violation);
    }

    [Theory]
    [InlineData(1000u, 1)] // the same SYN again: its RST was lost (corpus case rst-drop-1-refused), one connection
    [InlineData(7000u, 2)] // another SYN on the same ports: a new connection
    public void ASynAfterARefusal_IsTheSameConnection_OnlyWhenItRepeatsTheSequenceNumber(uint secondIsn, int connections)
    {
        // Counted as Wireshark counts tcp.stream: port reuse starts a new stream only with a new ISN.
        byte[] capture = Capture(
            (0, true, C(1000, 0, TcpFlags.Syn)),
            (50_000, false, S(0, 1001, TcpFlags.Rst | TcpFlags.Ack)),
            (1000 * Ms, true, C(secondIsn, 0, TcpFlags.Syn)),
            (1000 * Ms + 50_000, false, S(0, secondIsn + 1, TcpFlags.Rst | TcpFlags.Ack)));
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(capture), out CheckReport report, out _));
        Assert.Equal(connections, report.Connections.Count);
        Assert.All(report.Connections, c => Assert.Equal(CheckVerdict.Valid, c.Verdict));
    }
}

/// <summary>When the capture leaves two explanations standing, the checker says both, each with its final states.</summary>
public class AlternativeExplanationTests
{
    /// <summary>
    /// At the server: a handshake, the server's 100 bytes, then the client's pure ACK 51 beyond what it
    /// was seen to send; with <paramref name="finAgain"/>, the client's 50 bytes and FIN once more.
    /// </summary>
    private static ConnectionCheck ServerCapture(bool finAgain)
    {
        var client = InlineIPAddress.Parse("10.0.0.1");
        var server = InlineIPAddress.Parse("10.0.0.2");
        const long Start = 1_700_000_000_000_000_000L, Ms = 1_000_000L;
        var stream = new MemoryStream();
        using (var w = new PcapWriter(stream, LinkType.Raw, nanosecondResolution: true, leaveOpen: true))
        {
            w.WriteSegment(Start, client, server, new TcpSegment(40000, 80, 1000u, default, TcpFlags.Syn, 64240));
            w.WriteSegment(Start + Ms / 20, server, client, new TcpSegment(80, 40000, 5000u, 1001u, TcpFlags.Syn | TcpFlags.Ack, 65160));
            w.WriteSegment(Start + 20 * Ms, client, server, new TcpSegment(40000, 80, 1001u, 5001u, TcpFlags.Ack, 64240));
            w.WriteSegment(Start + 1000 * Ms, server, client, new TcpSegment(80, 40000, 5001u, 1001u, TcpFlags.Ack | TcpFlags.Psh, 65160, payloadLength: 100));
            w.WriteSegment(Start + 1020 * Ms, client, server, new TcpSegment(40000, 80, 1052u, 5101u, TcpFlags.Ack, 64240));
            if (finAgain) w.WriteSegment(Start + 1300 * Ms, client, server, new TcpSegment(40000, 80, 1001u, 5101u, TcpFlags.Ack | TcpFlags.Fin, 64240, payloadLength: 50));
        }
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(stream.ToArray()), out CheckReport report, out _));
        ConnectionCheck c = Assert.Single(report.Connections);
        Assert.Equal(CaptureSite.Server, c.CaptureSite);
        Assert.NotEqual(CheckVerdict.Invalid, c.Verdict);
        return c;
    }

    [Fact]
    public void DataAndFinSentUnseen_OrDataOnly_BothAreReported()
    {
        // Before the capture point the client sent 50 bytes and its FIN (the explanation taken: a
        // sender's last segments are the ACKs of its peer's FIN), or 51 bytes of data; the capture ends
        // before anything tells them apart.
        ConnectionCheck c = ServerCapture(finAgain: false);
        Assert.Equal(LossPlace.BeforeCapture, Assert.Single(c.Losses).Place);
        Assert.Equal("data and FIN", c.Losses[0].What);
        Assert.Equal(TcpState.FinWait1, c.ClientState);
        Assert.True(c.Alternative.Exists);
        Assert.Equal(5, c.Alternative.Frame);
        Assert.Equal((TcpState.Established, TcpState.Established), (c.Alternative.ClientState, c.Alternative.ServerState));
        Assert.Contains("two explanations remain", c.Alternative.Message);
        Assert.Contains("两种解释", c.Alternative.MessageIn(TcpLanguage.Chinese));
    }

    [Fact]
    public void AFinGuessTheSenderConfirms_LeavesOneExplanation() =>
        // The client's FIN again (its retransmission): the guess holds, one explanation.
        Assert.False(ServerCapture(finAgain: true).Alternative.Exists);
}
