using Xunit;
using System.IO;
using System.Linq;
using TcpModel.Analysis;

namespace TcpModel.Tests.Analysis;

public class CaptureDumpTests
{
    [Fact]
    public void Dump()
    {
        var lines = Directory.GetFiles(Path.GetDirectoryName(AnalysisTestData.CapturePath("x"))!, "*.pcap").OrderBy(f => f)
            .SelectMany(f => AnalysisTestData.Check(Path.GetFileName(f)).Connections.Select(c => Path.GetFileName(f) + " " + c + " frame=" + c.ViolationFrame + " " + c.Violation + " | " + c.ZeekStateWithChecksums + " " + c.ZeekHistoryWithChecksums + " | " + c.Message));
        File.WriteAllLines("/tmp/analysis-dump.txt", lines);
        Assert.NotEmpty(lines);
    }
}
