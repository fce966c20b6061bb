using System.IO;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace TcpModel.Tests;

public class ReadmeTests
{
    /// <summary>
    /// CI builds and runs docs/quickstart against the packed package; this keeps the README's code
    /// block the very same program.
    /// </summary>
    [Fact]
    public void QuickStartInReadme_IsTheProgramCiRuns()
    {
        string root = RepoRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n");
        Match m = Regex.Match(readme, "## Quick start.*?```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(m.Success, "README.md has no Quick start C# block");
        string program = File.ReadAllText(Path.Combine(root, "docs", "quickstart", "Program.cs")).Replace("\r\n", "\n");
        Assert.Equal(program, m.Groups[1].Value);
    }

    private static string RepoRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));
}
