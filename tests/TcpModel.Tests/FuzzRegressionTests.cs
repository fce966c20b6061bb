using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using TcpModel.Fuzz;
using Xunit;

namespace TcpModel.Tests;

/// <summary>
/// Every fuzz seed (fuzz/corpus) and every input a fuzzer once failed on (fuzz/regressions) runs
/// through its target on each test run: no exception, and the target's own properties hold.
/// </summary>
public class FuzzRegressionTests
{
    public static IEnumerable<object[]> Inputs()
    {
        string root = Path.Combine(RepoRoot(), "fuzz");
        foreach (string folder in new[] { "corpus", "regressions" })
            foreach (string target in FuzzTargets.All.Keys.Order(System.StringComparer.Ordinal))
            {
                string dir = Path.Combine(root, folder, target);
                if (!Directory.Exists(dir)) continue;
                foreach (string file in Directory.GetFiles(dir).Order(System.StringComparer.Ordinal))
                    if (Path.GetFileName(file) != ".gitkeep") yield return new object[] { target, Path.GetRelativePath(root, file) };
            }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Input_PassesItsTarget(string target, string file)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(RepoRoot(), "fuzz", file));
        FuzzTargets.All[target](data);
    }

    [Fact]
    public void EveryTarget_HasSeeds()
    {
        foreach (string target in FuzzTargets.All.Keys)
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(RepoRoot(), "fuzz", "corpus", target)));
    }

    private static string RepoRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));
}
