using System.IO;
using System.Linq;
using TcpModel.Analysis;
using TcpModel.Drivers;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>Cases found by soak runs of the checker's properties (docs/testing.md), kept as fixed cases.</summary>
public class CheckerSoakFindingTests
{
    /// <summary>
    /// CheckerProperties.RandomExchange_FromTheModel_IsNeverInvalid failed after 21,897 cases: B closed
    /// with data queued, A's FIN arrived, B's FIN went out behind the data. The model (B in CLOSING, then
    /// TIME-WAIT) and the checker (B in CLOSE-WAIT, then LAST-ACK, then CLOSED) explain the same
    /// segments: the capture cannot show when B's CLOSE came. Both conform; the verdict is valid.
    /// </summary>
    [Fact]
    public void HiddenCloseOrder_TimeWaitOrClosed_BothExplainTheCapture()
    {
        int[] kinds = { 4, 1, 7, 7, 1, 1, 4, 1, 1, 1, 3, 2, 2, 4, 4, 8, 6, 4, 4, 0, 4, 6, 4, 4, 4 };
        int[] bytes = { 1, 2051, 1, 1, 1997, 689, 1, 2752, 616, 2440, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1254, 1, 1, 1, 1, 1 };
        ExchangeAction[] actions = kinds.Select((k, i) => new ExchangeAction(k, bytes[i])).ToArray();
        (TcpPair pair, byte[] capture) = CheckerProperties.Record(actions, 1000, 0xFFFF_FF00);
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(capture), out CheckReport report, out WireError error), error.ToString());
        ConnectionCheck c = report.Connections[0];
        Assert.Equal(CheckVerdict.Valid, c.Verdict);
        Assert.Equal((TcpState.TimeWait, TcpState.TimeWait), (pair.A.State, pair.B.State));
        Assert.Equal((TcpState.TimeWait, TcpState.Closed), (c.ClientState, c.ServerState));
    }
}
