using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using TcpModel.Analysis;
using TcpModel.Wire;
using Xunit;
using static TcpModel.Tests.Analysis.AnalysisTestData;

namespace TcpModel.Tests.Analysis;

/// <summary>
/// Every committed capture (Captures/README.md): verdict, first violation frame, each endpoint's
/// last state, Zeek conn_state/history (as <c>zeek -C</c>) and Wireshark's tcp.completeness.
/// </summary>
public class CaptureCheckerTests
{
    public static TheoryData<string, int, string, long, string, string, string, string, int> Expected => new()
    {
        // file, connection index, verdict, violation frame, client state, server state, Zeek state, Zeek history, completeness
        { "linux-client-close-3seg.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADadFf", 31 },
        { "linux-client-close-4seg.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADadFf", 31 },
        { "linux-server-close-3seg.pcap", 0, "valid", 0, "CLOSED", "TIME-WAIT", "SF", "ShADadfF", 31 },
        { "linux-server-close-4seg.pcap", 0, "valid", 0, "CLOSED", "TIME-WAIT", "SF", "ShADadfF", 31 },
        { "linux-half-close.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADaFdf", 31 },
        { "linux-refused.pcap", 0, "valid", 0, "CLOSED", "CLOSED", "REJ", "Sr", 37 },
        { "linux-abort-linger0.pcap", 0, "valid", 0, "CLOSED", "CLOSED", "RSTO", "ShADaR", 47 },
        { "linux-ipv6-client-close.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADadFf", 31 },
        { "linux-data-on-third-segment.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShDadFfA", 31 },
        { "linux-syn-retransmission.pcap", 0, "valid", 0, "CLOSED", "TIME-WAIT", "SF", "ShAfFa", 23 },
        { "linux-syn-retransmission.pcap", 1, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADaFf", 31 },
        { "linux-simultaneous-open.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "SsAaDFf", 31 },
        { "linux-simultaneous-open-stray-rst.pcap", 0, "valid", 0, "CLOSED", "TIME-WAIT", "RSTR", "SsradAfF", 63 },
        { "linux-simultaneous-close.pcap", 0, "valid", 0, "TIME-WAIT", "TIME-WAIT", "SF", "ShADaFf", 31 },
        { "linux-bulk-200k-at-sender.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADaFdf", 31 },
        { "linux-handshake-ack-lost-at-client.pcap", 0, "valid", 0, "CLOSED", "TIME-WAIT", "SF", "ShAdfFa", 31 },
        { "linux-abort-rst-lost-at-client.pcap", 0, "valid", 0, "CLOSED", "CLOSED", "RSTO", "ShADadRf", 63 },
        { "linux-fin-lost-at-client.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADadFf", 31 },
        { "linux-bulk-data-lost-at-client.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADaTFdf", 31 },
        { "linux-bulk-data-lost-at-server.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "SF", "ShADaTFdf", 31 },
        { "crafted-fin-ack-not-counting-fin.pcap", 0, "invalid", 7, "FIN-WAIT-1", "CLOSE-WAIT", "SF", "ShADaFf", 31 },
        { "crafted-synack-acks-isn.pcap", 0, "invalid", 2, "SYN-SENT", "SYN-RECEIVED", "RSTO", "ShR", 35 },
        { "crafted-data-after-fin.pcap", 0, "invalid", 6, "FIN-WAIT-2", "CLOSE-WAIT", "SF", "ShAFaDf", 31 },
        { "crafted-ack-of-unsent-data.pcap", 0, "invalid", 5, "ESTABLISHED", "ESTABLISHED", "SF", "ShADaGFf", 31 },
        { "crafted-out-of-window-rst.pcap", 0, "valid", 0, "TIME-WAIT", "CLOSED", "RSTR", "ShADarFf", 63 },
        { "crafted-stops-before-fin-acked.pcap", 0, "incomplete", 0, "FIN-WAIT-1", "CLOSE-WAIT", "S2", "ShADaF", 31 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Check_Capture_GivesReadmeVerdictStatesZeekAndCompleteness(string file, int index, string verdict, long frame,
        string clientState, string serverState, string zeekState, string zeekHistory, int completeness)
    {
        CheckReport report = Check(file);
        ConnectionCheck c = report.Connections[index];
        Assert.Equal(verdict, CheckReport.VerdictName(c.Verdict));
        Assert.Equal(frame, c.ViolationFrame);
        Assert.Equal(clientState, c.ClientState.ToRfcName());
        Assert.Equal(serverState, c.ServerState.ToRfcName());
        Assert.Equal(zeekState, c.ZeekState.ToString());
        Assert.Equal(zeekHistory, c.ZeekHistory);
        Assert.Equal(completeness, c.Completeness);
    }

    [Fact]
    public void Check_TfoSynData_IsValid()
    {
        ConnectionCheck c = Check("linux-tfo-syn-data.pcap").Connections[0];
        Assert.Equal(CheckVerdict.Valid, c.Verdict);
        Assert.Equal("TIME-WAIT", c.ClientState.ToRfcName());
        Assert.Equal("CLOSED", c.ServerState.ToRfcName());
    }

    [Fact]
    public void Check_TfoSynData_ZeekCountsSynDataAsRetransmissionAndCompletenessIs31()
    {
        ConnectionCheck c = Check("linux-tfo-syn-data.pcap").Connections[0];
        // README says ShAdFf; Zeek's update_last_seq (TCPSessionAdapter.cc) calls DidRxmit when a
        // segment with payload does not advance last_seq, and init_endpoint has just set last_seq to
        // the end of the SYN's own data: the TFO SYN itself adds 'T'. State and completeness agree.
        Assert.Equal(ZeekConnState.SF, c.ZeekState);
        Assert.Equal("SThAdFf", c.ZeekHistory);
        Assert.Equal(31, c.Completeness);
    }

    [Theory]
    [InlineData("crafted-fin-ack-not-counting-fin.pcap", TcpViolation.AckDoesNotCountFin, "ack=1006", "1007")]
    [InlineData("crafted-synack-acks-isn.pcap", TcpViolation.AckDoesNotCountSyn, "ack=1000", "1001")]
    [InlineData("crafted-data-after-fin.pcap", TcpViolation.DataAfterFin, "seq=1002", "FIN")]
    [InlineData("crafted-ack-of-unsent-data.pcap", TcpViolation.AckOfUnsentData, "ack=1106", "RCV.NXT=1006")]
    public void Check_CraftedInvalid_NamesViolationRuleAndExpectedValue(string file, TcpViolation violation, string seen, string expected)
    {
        ConnectionCheck c = Check(file).Connections[0];
        Assert.Equal(violation, c.Violation);
        Assert.StartsWith("RFC 9293", c.RuleSource);
        Assert.Contains(seen, c.Message, StringComparison.Ordinal);
        Assert.Contains(expected, c.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux-client-close-3seg.pcap")]
    [InlineData("linux-refused.pcap")]
    [InlineData("linux-abort-linger0.pcap")]
    [InlineData("linux-simultaneous-open-stray-rst.pcap")]
    [InlineData("linux-syn-retransmission.pcap")]
    [InlineData("crafted-out-of-window-rst.pcap")]
    [InlineData("linux-tfo-syn-data.pcap")]
    public void Completeness_Capture_EqualsTsharkTwoPassValue(string file)
    {
        string[] rows = File.ReadAllLines(CapturePath(file + "").Replace(".pcap", ".tshark.tsv", StringComparison.Ordinal))
            .Where(l => !l.StartsWith('#')).ToArray();
        CheckReport report = Check(file);
        foreach (string row in rows)
        {
            string[] f = row.Split('\t');
            ushort sport = ushort.Parse(f[3]), dport = ushort.Parse(f[4]);
            ConnectionCheck c = report.Connections.Single(x => (x.Client.Port == sport && x.Server.Port == dport) || (x.Client.Port == dport && x.Server.Port == sport));
            Assert.Equal(int.Parse(f[11]), c.Completeness);
        }
    }

    [Theory]
    [InlineData("linux-refused.pcap", "RSTRH", "Cr")]
    [InlineData("linux-client-close-3seg.pcap", "OTH", "Cc")]
    [InlineData("crafted-fin-ack-not-counting-fin.pcap", "SF", "ShADaFf")]
    public void Zeek_WithChecksums_DropsOffloadedSegmentsAfterCountingThem(string file, string state, string history)
    {
        ConnectionCheck c = Check(file).Connections[0];
        Assert.Equal(state, c.ZeekStateWithChecksums.ToString());
        Assert.Equal(history, c.ZeekHistoryWithChecksums);
    }

    [Fact]
    public void Check_OffloadedChecksums_AreCountedButNotAViolation()
    {
        ConnectionCheck c = Check("linux-client-close-4seg.pcap").Connections[0];
        Assert.Equal(CheckVerdict.Valid, c.Verdict);
        Assert.Equal(10, c.BadChecksums); // all but the TIME-WAIT ACK built outside the socket
    }

    [Fact]
    public void WriteJson_InvalidCapture_HasTheDocumentedShape()
    {
        CheckReport report = Check("crafted-fin-ack-not-counting-fin.pcap");
        var ms = new MemoryStream();
        report.WriteJson(ms);
        using JsonDocument doc = JsonDocument.Parse(ms.ToArray());
        JsonElement c = doc.RootElement.GetProperty("connections")[0];
        Assert.Equal("127.0.0.1:41001", c.GetProperty("client").GetString());
        Assert.Equal("127.0.0.1:7001", c.GetProperty("server").GetString());
        Assert.Equal("invalid", c.GetProperty("verdict").GetString());
        Assert.Equal(7, c.GetProperty("violation").GetProperty("frame").GetInt64());
        Assert.StartsWith("RFC 9293", c.GetProperty("violation").GetProperty("rule").GetString());
        Assert.Equal("FIN-WAIT-1", c.GetProperty("finalStates").GetProperty("client").GetString());
        Assert.Equal("CLOSE-WAIT", c.GetProperty("finalStates").GetProperty("server").GetString());
        Assert.Equal("SF", c.GetProperty("zeekState").GetString());
        Assert.Equal("ShADaFf", c.GetProperty("zeekHistory").GetString());
        Assert.Equal(31, c.GetProperty("completeness").GetInt32());
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public void WriteJson_ValidCapture_HasNullViolationAndExitCodeZero()
    {
        CheckReport report = Check("linux-simultaneous-close.pcap");
        var ms = new MemoryStream();
        report.WriteJson(ms);
        using JsonDocument doc = JsonDocument.Parse(ms.ToArray());
        JsonElement c = doc.RootElement.GetProperty("connections")[0];
        Assert.Equal(JsonValueKind.Null, c.GetProperty("violation").ValueKind);
        Assert.Equal("TIME-WAIT", c.GetProperty("finalStates").GetProperty("server").GetString());
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void WriteText_InvalidCapture_ShowsFrameRuleAndStates()
    {
        var sw = new StringWriter();
        Check("crafted-data-after-fin.pcap").WriteText(sw);
        string text = sw.ToString();
        Assert.Contains("verdict:      invalid", text, StringComparison.Ordinal);
        Assert.Contains("violation:    frame 6, DataAfterFin (RFC 9293", text, StringComparison.Ordinal);
        Assert.Contains("client FIN-WAIT-2, server CLOSE-WAIT", text, StringComparison.Ordinal);
        Assert.Contains("SF ShAFaDf", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCheck_TruncatedCapture_ReturnsWireErrorWithOffset()
    {
        byte[] bytes = File.ReadAllBytes(CapturePath("linux-client-close-3seg.pcap"));
        var checker = new CaptureChecker();
        Assert.False(checker.TryCheck(new MemoryStream(bytes, 0, bytes.Length - 7), out CheckReport report, out WireError error));
        Assert.True(error.IsError);
        Assert.True(error.Offset > 0);
        Assert.Single(report.Connections);
    }

    [Fact]
    public void TryCheck_NotACapture_ReturnsWireError()
    {
        var checker = new CaptureChecker();
        Assert.False(checker.TryCheck(new MemoryStream(Encoding.ASCII.GetBytes("hello, this is not a pcap file")), out CheckReport report, out WireError error));
        Assert.True(error.IsError);
        Assert.Empty(report.Connections);
    }
}

/// <summary>
/// Crossings in flight are bounded in time: four round trips at the capture point (the handshake's,
/// or the longest seen since: a timed segment to the ACK that covers it, a pure ACK to the last
/// segment it needed), at least 1 ms.
/// </summary>
public class CrossingTests
{
    private static readonly InlineIPAddress C = InlineIPAddress.FromIPv4(0x0A00_0001), S = InlineIPAddress.FromIPv4(0x0A00_0002);
    private const long T0 = 1_700_000_000_000_000_000;

    private static ConnectionCheck CheckSegments(params (long Micros, bool FromClient, TcpSegment Segment)[] segments) =>
        CheckSegmentsAt(CaptureSite.Unknown, segments);

    private static ConnectionCheck CheckSegmentsAt(CaptureSite at, params (long Micros, bool FromClient, TcpSegment Segment)[] segments)
    {
        var ms = new MemoryStream();
        using (var w = new PcapWriter(ms, LinkType.Raw, nanosecondResolution: true, leaveOpen: true))
            foreach (var (us, fromClient, seg) in segments)
                w.WriteSegment(T0 + us * 1000, fromClient ? C : S, fromClient ? S : C, seg);
        ms.Position = 0;
        Assert.True(new CaptureChecker { CaptureAt = at }.TryCheck(ms, out CheckReport report, out WireError error), error.ToString());
        return report.Connections[0];
    }

    [Fact]
    public void ServerUpdate_IgnoringDataSeenTenMillisecondsBefore_IsAValidCrossing_OnceAnAckTookTwenty()
    {
        // The handshake's round trip is 20 µs, but the server's first ACK came 20 ms after the data it
        // acknowledges: data can take that long, and the update 10 ms after the next data crossed it.
        ConnectionCheck c = CheckSegments(Handshake.Concat(new (long, bool, TcpSegment)[]
        {
            (100, true, Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Psh, 5)),
            (20_100, false, Sc(5001, 1006, TcpFlags.Ack)),
            (30_000, true, Cs(1006, 5001, TcpFlags.Ack | TcpFlags.Psh, 5)),
            (40_000, false, Sc(5001, 1006, TcpFlags.Ack, wnd: 60000)),
        }).ToArray());
        Assert.Equal(CheckVerdict.Incomplete, c.Verdict);
    }

    private static (long, bool, TcpSegment)[] ClosedBothWays => Handshake.Concat(new (long, bool, TcpSegment)[]
    {
        (30_000, true, Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Fin)),
        (50_000, false, Sc(5001, 1002, TcpFlags.Ack | TcpFlags.Fin)),
        (70_000, true, Cs(1002, 5002, TcpFlags.Ack)),
    }).ToArray();

    [Fact]
    public void ServerSynAck_WithANewIsn_AfterItsConnectionClosed_AnswersALateCopyOfTheSyn()
    {
        // RFC 9293 §3.5, figure 9: the client's first SYN, held back by the network, reaches the
        // server's listener once the old connection is gone, and is answered as a new connection.
        ConnectionCheck c = CheckSegmentsAt(CaptureSite.Middle, ClosedBothWays.Append((95_000, false, Sc(90_000, 1001, TcpFlags.Syn | TcpFlags.Ack))).ToArray());
        Assert.NotEqual(CheckVerdict.Invalid, c.Verdict);
        Assert.Equal(TcpState.SynReceived, c.ServerState);
    }

    [Fact]
    public void ServerSynAck_WithANewIsn_AckingWhatNoSynSent_IsInvalid()
    {
        ConnectionCheck c = CheckSegmentsAt(CaptureSite.Middle, ClosedBothWays.Append((95_000, false, Sc(90_000, 1002, TcpFlags.Syn | TcpFlags.Ack))).ToArray());
        Assert.Equal(CheckVerdict.Invalid, c.Verdict);
        Assert.Equal(7, c.ViolationFrame);
    }

    [Fact]
    public void ServerInSynReceived_HoldsDataBeyondAHole_ItsAckCompletingTheHandshake()
    {
        // Seen in the impaired corpus (Linux, captured at the server): the client's ACK of the handshake
        // and its first data were lost; its second data segment reaches the server in SYN-RECEIVED. Its
        // ACK makes the connection (RFC 9293 §3.10.7.4 checks the ACK before the text), the data waits
        // out of order, and the duplicate ACK offers the SYN,ACK's 65160 as 509 × 128: not a window
        // update that SYN-RECEIVED could send. The retransmission fills the hole; one ACK covers both.
        TcpOptions scale = TcpOptions.None.WithMss(1460).WithWindowScale(7);
        ConnectionCheck c = CheckSegmentsAt(CaptureSite.Server, new (long, bool, TcpSegment)[]
        {
            (0, true, Cs(1000, 0, TcpFlags.Syn, wnd: 64240).WithOptions(scale)),
            (10, false, Sc(5000, 1001, TcpFlags.Syn | TcpFlags.Ack, wnd: 65160).WithOptions(scale)),
            (20_000, true, Cs(1101, 5001, TcpFlags.Ack | TcpFlags.Psh, 100, wnd: 502)),
            (20_010, false, Sc(5001, 1001, TcpFlags.Ack, wnd: 509)),
            (40_000, true, Cs(1001, 5001, TcpFlags.Ack, 100, wnd: 502)),
            (40_010, false, Sc(5001, 1201, TcpFlags.Ack, wnd: 509)),
        });
        Assert.NotEqual(CheckVerdict.Invalid, c.Verdict);
        Assert.Equal(TcpState.Established, c.ServerState);
    }

    [Theory]
    [InlineData(false, 0)] // no timestamps: its older SEG.ACK says it was sent before the ACK of the server's data
    [InlineData(true, 101)] // its timestamp says so too
    [InlineData(true, 103)] // its timestamp says it was sent after: a retransmission that forgot what it received
    public void ClientRetransmission_WithAnOlderAck_ArrivingAfterItsLaterAck(bool timestamps, uint tsVal)
    {
        // Away from the capture point: the client resends its data (its timer fired before the server's
        // reply reached it), and that copy arrives after the client's ACK of the reply (RFC 9293
        // §3.3.1: RCV.NXT, and with it SEG.ACK, only grows). Each end echoes the other's latest TSval
        // (RFC 7323 §3.2): the copy sent before the reply came echoes the SYN,ACK's.
        TcpSegment Ts(TcpSegment s, uint val, uint ecr) => timestamps ? s.WithOptions(TcpOptions.None.WithTimestamps(val, ecr)) : s;
        ConnectionCheck c = CheckSegmentsAt(CaptureSite.Middle, new (long, bool, TcpSegment)[]
        {
            (0, true, Ts(Cs(1000, 0, TcpFlags.Syn), 100, 0)),
            (10, false, Ts(Sc(5000, 1001, TcpFlags.Syn | TcpFlags.Ack), 1, 100)),
            (20, true, Ts(Cs(1001, 5001, TcpFlags.Ack), 100, 1)),
            (100, true, Ts(Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Psh, 5), 100, 1)),
            (20_000, false, Ts(Sc(5001, 1006, TcpFlags.Ack | TcpFlags.Psh, 5), 2, 100)),
            (20_100, true, Ts(Cs(1006, 5006, TcpFlags.Ack), 102, 2)),
            (20_200, true, Ts(Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Psh, 5), tsVal, tsVal > 102 ? 2u : 1u)),
        });
        if (tsVal > 102) Assert.Equal((CheckVerdict.Invalid, 7L), (c.Verdict, c.ViolationFrame));
        else Assert.NotEqual(CheckVerdict.Invalid, c.Verdict);
    }

    private static TcpSegment Cs(uint seq, uint ack, TcpFlags f, int len = 0, ushort wnd = 65535) => new(40000, 80, seq, ack, f, wnd, len);
    private static TcpSegment Sc(uint seq, uint ack, TcpFlags f, int len = 0, ushort wnd = 65535) => new(80, 40000, seq, ack, f, wnd, len);

    private static (long, bool, TcpSegment)[] Handshake => new (long, bool, TcpSegment)[]
    {
        (0, true, Cs(1000, 0, TcpFlags.Syn)), (10, false, Sc(5000, 1001, TcpFlags.Syn | TcpFlags.Ack)), (20, true, Cs(1001, 5001, TcpFlags.Ack)),
    };

    [Fact]
    public void ServerWindowUpdate_JustAfterClientData_IsAValidCrossing()
    {
        ConnectionCheck c = CheckSegments(Handshake.Concat(new (long, bool, TcpSegment)[]
        {
            (100, true, Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Psh, 5)),
            (105, false, Sc(5001, 1001, TcpFlags.Ack, wnd: 60000)), // sent before the data arrived
            (110, false, Sc(5001, 1006, TcpFlags.Ack, wnd: 60000)),
        }).ToArray());
        Assert.Equal(CheckVerdict.Incomplete, c.Verdict);
        Assert.Equal(TcpState.Established, c.ServerState);
    }

    [Fact]
    public void ServerAck_IgnoringDataSeenTenMillisecondsBefore_IsInvalid()
    {
        ConnectionCheck c = CheckSegments(Handshake.Concat(new (long, bool, TcpSegment)[]
        {
            (100, true, Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Psh, 5)),
            (10_100, false, Sc(5001, 1001, TcpFlags.Ack, wnd: 60000)),
        }).ToArray());
        Assert.Equal(CheckVerdict.Invalid, c.Verdict);
        Assert.Equal(5, c.ViolationFrame);
        Assert.Equal(TcpViolation.StaleAck, c.Violation);
    }

    [Fact]
    public void SimultaneousFins_Crossing_AreValid()
    {
        ConnectionCheck c = CheckSegments(Handshake.Concat(new (long, bool, TcpSegment)[]
        {
            (100, true, Cs(1001, 5001, TcpFlags.Fin | TcpFlags.Ack)),
            (101, false, Sc(5001, 1001, TcpFlags.Fin | TcpFlags.Ack)),
            (110, true, Cs(1002, 5002, TcpFlags.Ack)),
            (111, false, Sc(5002, 1002, TcpFlags.Ack)),
        }).ToArray());
        Assert.Equal(CheckVerdict.Valid, c.Verdict);
        Assert.Equal(TcpState.TimeWait, c.ClientState);
        Assert.Equal(TcpState.TimeWait, c.ServerState);
    }

    [Fact]
    public void KeepAliveAndTheAckItProvokes_AreNotViolations()
    {
        ConnectionCheck c = CheckSegments(Handshake.Concat(new (long, bool, TcpSegment)[]
        {
            (100, true, Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Psh, 5)),
            (110, false, Sc(5001, 1006, TcpFlags.Ack)),
            (2_000_000, true, Cs(1005, 5001, TcpFlags.Ack)),   // keep-alive: SND.NXT − 1
            (2_000_010, false, Sc(5001, 1006, TcpFlags.Ack)),  // the ACK it provokes repeats the last one
        }).ToArray());
        Assert.True(c.Verdict == CheckVerdict.Incomplete, $"frame {c.ViolationFrame}: {c.Message}");
        Assert.Equal(TcpState.Established, c.ClientState);
        Assert.Equal(TcpState.Established, c.ServerState);
        Assert.Equal("ShADa", c.ZeekHistory);
    }

    [Fact]
    public void DuplicateAckWithNothingToPromptIt_IsInvalid()
    {
        ConnectionCheck c = CheckSegments(Handshake.Concat(new (long, bool, TcpSegment)[]
        {
            (100, true, Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Psh, 5)),
            (110, false, Sc(5001, 1006, TcpFlags.Ack)),
            (120, false, Sc(5001, 1006, TcpFlags.Ack)),
        }).ToArray());
        Assert.Equal(CheckVerdict.Invalid, c.Verdict);
        Assert.Equal(6, c.ViolationFrame);
    }

    [Fact]
    public void CaptureWithoutSyn_IsIncompleteAndNotJudged()
    {
        ConnectionCheck c = CheckSegments((0, true, Cs(1001, 5001, TcpFlags.Ack | TcpFlags.Psh, 5)), (10, false, Sc(5001, 1006, TcpFlags.Ack)));
        Assert.Equal(CheckVerdict.Incomplete, c.Verdict);
        Assert.Contains("first SYN", c.Message, StringComparison.Ordinal);
        Assert.Equal(ZeekConnState.OTH, c.ZeekState);
    }
}

/// <summary>The per-packet path allocates nothing: memory depends on the number of connections, not of packets.</summary>
public class CheckerAllocationTests
{
    private static byte[] OneConnection(int dataSegments)
    {
        var c = InlineIPAddress.FromIPv4(0x0A00_0001);
        var s = InlineIPAddress.FromIPv4(0x0A00_0002);
        var ms = new MemoryStream();
        long t = 1_700_000_000_000_000_000;
        using (var w = new PcapWriter(ms, LinkType.Raw, nanosecondResolution: true, leaveOpen: true))
        {
            void W(bool fromClient, uint seq, uint ack, TcpFlags f, int len = 0)
            {
                t += 10_000;
                w.WriteSegment(t, fromClient ? c : s, fromClient ? s : c,
                    fromClient ? new TcpSegment(40000, 80, seq, ack, f, 65535, len) : new TcpSegment(80, 40000, seq, ack, f, 65535, len));
            }
            W(true, 1000, 0, TcpFlags.Syn);
            W(false, 5000, 1001, TcpFlags.Syn | TcpFlags.Ack);
            W(true, 1001, 5001, TcpFlags.Ack);
            uint seq = 1001;
            for (int i = 0; i < dataSegments; i++)
            {
                W(true, seq, 5001, TcpFlags.Ack | TcpFlags.Psh, 100);
                seq += 100;
                W(false, 5001, seq, TcpFlags.Ack);
            }
            W(true, seq, 5001, TcpFlags.Fin | TcpFlags.Ack);
            W(false, 5001, seq + 1, TcpFlags.Fin | TcpFlags.Ack);
            W(true, seq + 1, 5002, TcpFlags.Ack);
        }
        return ms.ToArray();
    }

    private static long Allocated(CaptureChecker checker, byte[] capture)
    {
        var stream = new MemoryStream(capture, writable: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(checker.TryCheck(stream, out CheckReport report, out _));
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(CheckVerdict.Valid, report.Connections[0].Verdict);
        return after - before;
    }

    [Fact]
    public void Check_TenTimesMorePackets_AllocatesNoMore()
    {
        byte[] small = OneConnection(100), large = OneConnection(1000);
        var checker = new CaptureChecker();
        Allocated(checker, large); // warm up: JIT, slot table
        Allocated(checker, small);
        long a = Allocated(checker, small), b = Allocated(checker, large);
        Assert.True(b - a < 256, $"{a} bytes for 206 packets, {b} bytes for 2006 packets");
    }
}
