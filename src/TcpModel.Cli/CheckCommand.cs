using System;
using System.CommandLine;
using System.IO;
using System.Text;
using TcpModel.Analysis;
using TcpModel.Wire;

namespace TcpModel.Cli;

/// <summary>
/// <c>tcpmodel check &lt;capture.pcap|capture.pcapng&gt; [--format text|json]</c>: checks every TCP
/// connection of a capture against the model. Exit codes: 0 nothing invalid, 1 a connection is
/// invalid, 2 bad usage or an unreadable capture (the reason names the wire error and its offset).
/// </summary>
internal static class CheckCommand
{
    public const int Invalid = 1;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("capture") { Description = "A pcap or pcapng capture." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var check = new Command("check", "Check every TCP connection of a capture against RFC 9293: verdict, first violation, final states, Zeek conn_state/history, Wireshark completeness.")
        {
            file, format,
        };
        check.SetAction(r => Run(r.GetValue(file)!, r.GetValue(format) == "json", stdout, stderr));
        return check;
    }

    internal static int Run(string path, bool json, TextWriter stdout, TextWriter stderr)
    {
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine("error: check: cannot read '" + path + "': " + e.Message);
            return CliApp.BadUsage;
        }
        CheckReport report;
        WireError error;
        using (stream)
        {
            if (!new CaptureChecker().TryCheck(stream, out report, out error))
            {
                stderr.WriteLine("error: check: '" + path + "' is not a readable capture: " + error.Code + " at byte offset " + error.Offset
                    + " (" + report.PacketCount + " packets read before it).");
                return CliApp.BadUsage;
            }
        }
        if (json)
        {
            var ms = new MemoryStream();
            report.WriteJson(ms, indented: true);
            stdout.WriteLine(Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length));
        }
        else report.WriteText(stdout);
        return report.HasInvalid ? Invalid : CliApp.Ok;
    }
}
