using System.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TcpModel.Analysis;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>Whatever the segments in a capture, checking it never throws (errors are values, verdicts are data).</summary>
public class CheckerRobustnessProperties
{
    private static readonly InlineIPAddress A = InlineIPAddress.FromIPv4(0x0A00_0001), B = InlineIPAddress.FromIPv4(0x0A00_0002);

    private static Gen<TcpSegment> Segment =>
        from fromA in Gen.Elements(true, false)
        from flags in Gen.Choose(0, 255)
        from seq in Gen.Frequency((3, Gen.Choose(990, 1020)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from ack in Gen.Frequency((3, Gen.Choose(4990, 5020)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from len in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 1500)))
        from window in Gen.Choose(0, 65535)
        from mss in Gen.Choose(0, 3)
        from ws in Gen.Choose(-1, 20)
        let options = (mss == 0 ? TcpOptions.None : TcpOptions.None.WithMss((ushort)(mss == 1 ? 0 : 1460)))
        let withWs = ws < 0 ? options : options.WithWindowScale((byte)ws)
        select new TcpSegment(fromA ? (ushort)40000 : (ushort)80, fromA ? (ushort)80 : (ushort)40000, unchecked((uint)seq), unchecked((uint)ack),
            (TcpFlags)flags, (ushort)window, len, withWs);

    [ScaledProperty(MaxTest = 500, Replay = "(99,1)")]
    public Property RandomSegments_NeverThrow() =>
        Prop.ForAll(Gen.ArrayOf(Segment).Resize(30).ToArbitrary(), segments =>
        {
            var ms = new MemoryStream();
            using (var w = new PcapWriter(ms, LinkType.Raw, nanosecondResolution: true, leaveOpen: true))
            {
                long t = 1_700_000_000_000_000_000;
                foreach (TcpSegment s in segments)
                {
                    t += 10_000;
                    bool fromA = s.SourcePort == 40000;
                    w.WriteSegment(t, fromA ? A : B, fromA ? B : A, s);
                }
            }
            ms.Position = 0;
            bool ok = new CaptureChecker().TryCheck(ms, out CheckReport report, out WireError error);
            Assert.True(ok, error.ToString());
            Assert.Equal(segments.Length, report.PacketCount);
            var json = new MemoryStream();
            report.WriteJson(json);
            report.WriteText(new StringWriter());
            Assert.True(json.Length > 0);
        });
}
