using System.IO;

namespace TcpModel.Cli.Tests;

/// <summary>Runs the command line in-process with captured streams.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args) => RunWithInput(string.Empty, args);

    public static (int Code, string Out, string Err) RunWithInput(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, new StringReader(stdin), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
