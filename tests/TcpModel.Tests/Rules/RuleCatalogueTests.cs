using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit;

namespace TcpModel.Tests.Rules;

public class RuleCatalogueTests
{
    [Fact]
    public void EveryRule_HasItsEntry_InEnumOrder_WithSourceAndBothLanguages()
    {
        TcpRule[] rules = Enum.GetValues<TcpRule>();
        Assert.Equal(rules.Length, TcpRules.All.Length);
        foreach (TcpRule rule in rules)
        {
            TcpRuleInfo info = TcpRules.Describe(rule);
            Assert.Equal(rule, info.Rule);
            if (rule == TcpRule.None) continue;
            Assert.False(string.IsNullOrWhiteSpace(info.English));
            Assert.Contains(info.Chinese, c => c >= '\u4e00' && c <= '\u9fff');
            Assert.True(info.Source.Contains("RFC", StringComparison.Ordinal) || info.Source.StartsWith("Implementation choice", StringComparison.Ordinal), $"{rule}: {info.Source}");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpRules.Describe((TcpRule)9999));
    }

    /// <summary>
    /// docs/rules.md is the catalogue rendered; this test fails when they drift. To regenerate:
    /// <c>TCPMODEL_UPDATE_DOCS=1 dotnet test --filter RulesDocument</c>.
    /// </summary>
    [Fact]
    public void RulesDocument_MatchesTheCatalogue()
    {
        var sb = new StringBuilder();
        sb.Append("# Rule catalogue\n\n");
        sb.Append("Every transition of the model names the rule that decided it (`TcpTransition.Rule`). This page is\n");
        sb.Append("generated from `TcpRules` and checked by a test (`RuleCatalogueTests`).\n\n");
        sb.Append("| rule | source | English | 中文 |\n|---|---|---|---|\n");
        foreach (TcpRuleInfo info in TcpRules.All.ToArray().Where(i => i.Rule != TcpRule.None))
            sb.Append("| `").Append(info.Rule).Append("` | ").Append(info.Source).Append(" | ").Append(Cell(info.English)).Append(" | ").Append(Cell(info.Chinese)).Append(" |\n");
        string expected = sb.ToString();
        string path = Path.Combine(RepoRoot(), "docs", "rules.md");
        if (Environment.GetEnvironmentVariable("TCPMODEL_UPDATE_DOCS") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path), "docs/rules.md is missing: run with TCPMODEL_UPDATE_DOCS=1");
        Assert.Equal(expected, File.ReadAllText(path).Replace("\r\n", "\n"));
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string RepoRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));
}
