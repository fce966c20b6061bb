using Xunit;
using System.IO;
using System.Runtime.CompilerServices;
using TcpModel.Analysis;
using TcpModel.Wire;

namespace TcpModel.Tests.Analysis;

internal static class AnalysisTestData
{
    public static string CapturePath(string name, [CallerFilePath] string here = "")
        => Path.Combine(Path.GetDirectoryName(here)!, "Captures", name);

    public static CheckReport Check(string file)
    {
        using FileStream stream = File.OpenRead(CapturePath(file));
        var checker = new CaptureChecker();
        Assert.True(checker.TryCheck(stream, out CheckReport report, out WireError error), error.ToString());
        return report;
    }
}
