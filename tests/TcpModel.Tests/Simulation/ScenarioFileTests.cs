using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using TcpModel.Simulation;
using Xunit;

namespace TcpModel.Tests.Simulation;

public class ScenarioFileTests
{
    private static string Example([CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "docs", "simulation", "two-clients.sim"));

    [Fact]
    public void TheDocumentedExample_ParsesAndRuns()
    {
        Assert.True(ScenarioFile.TryParse(Example(), "two-clients", out NetworkScenario? s, out var errors), string.Join("\n", errors));
        Assert.Equal(7ul, s!.Seed);
        Assert.Equal(TimeSpan.FromMinutes(10), s.Duration);
        (Network net, ConnectionId shown) = s.Build(s.Seed!.Value);
        Assert.True(net.Run(s.Duration));
        Assert.Equal(4, net.ConnectionCount);
        for (int i = 0; i < 4; i++)
        {
            NetworkConnection c = net.GetConnection(new ConnectionId(i));
            Assert.Equal(TcpState.Closed, c.Tcp.State);
            Assert.Equal(c.IsClient ? 500 : 5000, c.BytesReceived);
        }
        Assert.True(net.GetConnection(shown).IsClient);
        Assert.True(net.Stats.SegmentsLost >= 1); // the scripted drop of the first SYN
    }

    [Fact]
    public void EveryMistake_IsReportedWithLineColumnAndCode_AndNothingIsBuilt()
    {
        string text = string.Join("\n",
            "seed = x",                 // 1
            "[host a]",                 // 2
            "address = 10.0.0.300",     // 3
            "[link a -> b]",            // 4
            "loss = 5x",                // 5
            "[connect]",                // 6
            "from = a",                 // 7
            "to = b:80",                // 8
            "colour = red",             // 9
            "[bogus]",                  // 10
            "no equals sign");          // 11
        Assert.False(ScenarioFile.TryParse(text, "bad", out NetworkScenario? s, out var errors));
        Assert.Null(s);
        Assert.Equal(new[]
        {
            (1, 8, "SIM004"), (3, 11, "SIM004"), (4, 2, "SIM007"), (5, 8, "SIM004"), (7, 8, "SIM007"), (9, 1, "SIM003"), (10, 2, "SIM002"), (11, 1, "SIM003"),
        }, errors.Select(e => (e.Line, e.Column, e.Code)));
        Assert.Contains("'5x' is not a probability", errors[3].Message);
    }

    [Theory]
    [InlineData("[host a]\naddress = 10.0.0.1\n[host a]\naddress = 10.0.0.2", "SIM005")]
    [InlineData("[host a]\naddress = 10.0.0.1\n[host b]\naddress = 10.0.0.1", "SIM005")]
    [InlineData("[host a]\nlisten = 80", "SIM006")]
    [InlineData("duration = -1s", "SIM004")]
    [InlineData("[host a]\naddress = 10.0.0.1\n[link a <> a]", "SIM005")]
    [InlineData("[host a]\naddress = 10.0.0.1\n[fault]\nhost = a\ndrop = XYZ", "SIM004")]
    [InlineData("[host a]\naddress = 10.0.0.1\n[flood]\nto = a:80\nrate = 0", "SIM004")]
    [InlineData("", "SIM006")]
    public void Mistakes_HaveTheirCodes(string text, string code)
    {
        Assert.False(ScenarioFile.TryParse(text, "x", out _, out var errors));
        Assert.Contains(errors, e => e.Code == code);
    }

    [Theory]
    [InlineData("20ms", 0.02)]
    [InlineData("1.5s", 1.5)]
    [InlineData("10min", 600)]
    [InlineData("2h", 7200)]
    public void Times_TakeTheirUnits(string text, double seconds)
    {
        Assert.True(ScenarioFile.TryTime(text, out TimeSpan t));
        Assert.Equal(seconds, t.TotalSeconds, 9);
    }
}
