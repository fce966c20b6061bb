using System;
using System.IO;
using System.Linq;
using System.Reflection;
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

    [Fact]
    public void EveryRule_ExceptNone_HasItsSourceAttribute_AndTheCatalogueReadsIt()
    {
        FieldInfo[] fields = typeof(TcpRule).GetFields(BindingFlags.Public | BindingFlags.Static);
        Assert.Equal(Enum.GetValues<TcpRule>().Length, fields.Length);
        foreach (FieldInfo field in fields)
        {
            var rule = (TcpRule)field.GetValue(null)!;
            RuleSourceAttribute? attribute = field.GetCustomAttribute<RuleSourceAttribute>();
            if (rule == TcpRule.None)
            {
                Assert.Null(attribute);
                Assert.Equal("—", TcpRules.Source(rule));
                continue;
            }
            Assert.True(attribute is not null, $"{rule} has no [RuleSource]");
            Assert.False(string.IsNullOrWhiteSpace(attribute!.Source), $"{rule}: empty source");
            Assert.Equal(attribute.Source.Trim(), attribute.Source);
            Assert.Equal(attribute.Source, TcpRules.Source(rule));
            Assert.Equal(attribute.Source, TcpRules.Describe(rule).Source);
            Assert.Same(TcpRules.Source(rule), TcpRules.Source(rule));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpRules.Source((TcpRule)9999));
    }

    [Fact]
    public void RulesAppendedLater_KeepTheExistingValues_AndCarryTheirSources()
    {
        Assert.Equal(79, (int)TcpRule.OutOfWindowAckThrottled);
        Assert.Equal(80, (int)TcpRule.SendAcknowledgment);
        Assert.Equal(84, (int)TcpRule.OpenActiveFastOpen);
        Assert.Equal("RFC 9293 §3.10.7.4, §3.8.6.3", TcpRules.Source(TcpRule.SendAcknowledgment));
        Assert.Equal("RFC 9293 §3.8.4", TcpRules.Source(TcpRule.KeepAlive));
        Assert.Equal("RFC 9293 §3.8.4, Linux tcp_keepalive_probes", TcpRules.Source(TcpRule.KeepAliveTimeout));
        Assert.Equal("RFC 5681 §3.2, RFC 6675 §5, RFC 8985", TcpRules.Source(TcpRule.RetransmitRange));
        Assert.Equal("RFC 7413 §4.1", TcpRules.Source(TcpRule.OpenActiveFastOpen));
        Assert.Contains("SND.NXT−1", TcpRules.Explain(TcpRule.KeepAlive, TcpLanguage.English), StringComparison.Ordinal);
        Assert.Contains("保活", TcpRules.Explain(TcpRule.KeepAlive, TcpLanguage.Chinese), StringComparison.Ordinal);
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
