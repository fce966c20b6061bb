using System.IO;
using System.Runtime.CompilerServices;
using TcpModel.Transcripts;

namespace TcpModel.Tests.Transcripts;

/// <summary>Hand-built transcripts (numeric, as a recorder would produce them) and test resources.</summary>
internal static class TranscriptFixtures
{
    public const uint X = 1000, Y = 5000;

    public static SeqExpr N(uint value) => SeqExpr.Number(value);

    public static TranscriptSegment Seg(TcpFlags flags, uint seq, uint ack = 0, int len = 0) => new(flags, N(seq), N(ack), len);

    /// <summary>The seed's handshake and four-segment teardown in one exchange, client ISN 1000, server ISN 5000.</summary>
    public static Transcript SeedExchange() => new(new[]
    {
        new TranscriptStep(Side.Client, Seg(TcpFlags.Syn, X), TcpState.SynSent, TcpState.SynReceived, TcpRule.ListenSyn),
        new TranscriptStep(Side.Server, Seg(TcpFlags.Syn | TcpFlags.Ack, Y, X + 1), TcpState.Established, null, TcpRule.SynSentSynAck),
        new TranscriptStep(Side.Client, Seg(TcpFlags.Ack, X + 1, Y + 1), null, TcpState.Established, TcpRule.SynReceivedAcked),
        new TranscriptStep(Side.Client, Seg(TcpFlags.Fin | TcpFlags.Ack, X + 1, Y + 1), TcpState.FinWait1, TcpState.CloseWait, TcpRule.FinToCloseWait, TcpNotice.PeerClosing),
        new TranscriptStep(Side.Server, Seg(TcpFlags.Ack, Y + 1, X + 2), TcpState.FinWait2, null, TcpRule.FinWait1Acked),
        new TranscriptStep(Side.Server, Seg(TcpFlags.Fin | TcpFlags.Ack, Y + 1, X + 2), TcpState.TimeWait, TcpState.LastAck, TcpRule.FinToTimeWait, TcpNotice.PeerClosing),
        new TranscriptStep(Side.Client, Seg(TcpFlags.Ack, X + 2, Y + 2), null, TcpState.Closed, TcpRule.LastAckAcked),
    }, TcpState.Closed, TcpState.Listen);

    /// <summary>Server closes first, three-segment close (FIN / FIN+ACK / ACK) after 100 bytes from the client.</summary>
    public static Transcript ServerClosesThreeSegments() => new(new[]
    {
        new TranscriptStep(Side.Client, Seg(TcpFlags.Ack | TcpFlags.Psh, X + 1, Y + 1, 100), null, null, TcpRule.DataAccepted),
        new TranscriptStep(Side.Server, Seg(TcpFlags.Fin | TcpFlags.Ack, Y + 1, X + 101), TcpState.CloseWait, TcpState.FinWait1, TcpRule.FinToCloseWait),
        new TranscriptStep(Side.Client, Seg(TcpFlags.Fin | TcpFlags.Ack, X + 101, Y + 2), TcpState.LastAck, TcpState.TimeWait, TcpRule.FinToTimeWait),
        new TranscriptStep(Side.Server, Seg(TcpFlags.Ack, Y + 2, X + 102), TcpState.Closed, null, TcpRule.LastAckAcked),
    }, TcpState.Established, TcpState.Established);

    /// <summary>The seed's teardown with 300 bytes from the server in CLOSE-WAIT (so w = v + 300).</summary>
    public static Transcript TeardownWithDataInCloseWait() => new(new[]
    {
        new TranscriptStep(Side.Client, Seg(TcpFlags.Fin | TcpFlags.Ack, X + 1, Y + 1), TcpState.FinWait1, TcpState.CloseWait),
        new TranscriptStep(Side.Server, Seg(TcpFlags.Ack, Y + 1, X + 2), TcpState.FinWait2, null),
        new TranscriptStep(Side.Server, Seg(TcpFlags.Ack | TcpFlags.Psh, Y + 1, X + 2, 300), null, null),
        new TranscriptStep(Side.Client, Seg(TcpFlags.Ack, X + 2, Y + 301), null, null),
        new TranscriptStep(Side.Server, Seg(TcpFlags.Fin | TcpFlags.Ack, Y + 301, X + 2), TcpState.TimeWait, TcpState.LastAck),
        new TranscriptStep(Side.Client, Seg(TcpFlags.Ack, X + 2, Y + 302), null, TcpState.Closed),
    }, TcpState.Established, TcpState.Established);

    public static string Resource(string name, [CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Resources", name));
}
