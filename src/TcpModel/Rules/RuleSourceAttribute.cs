using System;
using System.Reflection;

namespace TcpModel;

/// <summary>
/// Where a <see cref="TcpRule"/> comes from (RFC and section, e.g. <c>RFC 9293 §3.10.1</c>), written
/// once on the enum member. <see cref="TcpRules.Source"/>, <see cref="TcpRuleInfo.Source"/> and
/// docs/rules.md all read it from here.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
internal sealed class RuleSourceAttribute : Attribute
{
    public RuleSourceAttribute(string source) => Source = source;

    /// <summary>The source, e.g. <c>RFC 9293 §3.10.7.4, RFC 5961 §3.2</c>.</summary>
    public string Source { get; }
}

/// <summary>The <see cref="RuleSourceAttribute"/> of every rule, read once, indexed by the rule's value.</summary>
internal static class RuleSources
{
    /// <summary>The source of <see cref="TcpRule.None"/>, which has no attribute.</summary>
    internal const string NoRule = "—";

    private static readonly string[] Sources = Read();

    /// <summary>The number of rule values (they run from 0 without gaps; a test checks it).</summary>
    internal static int Count => Sources.Length;

    /// <summary>The source of <paramref name="rule"/>; <paramref name="rule"/> must be in range.</summary>
    internal static string Of(TcpRule rule) => Sources[(int)rule];

    private static string[] Read()
    {
        // typeof(TcpRule) is known statically, so the trimmer keeps its public fields and their attributes.
        FieldInfo[] fields = typeof(TcpRule).GetFields(BindingFlags.Public | BindingFlags.Static);
        int count = 0;
        foreach (FieldInfo field in fields)
            count = Math.Max(count, (ushort)field.GetRawConstantValue()! + 1);
        var sources = new string[count];
        Array.Fill(sources, NoRule);
        foreach (FieldInfo field in fields)
        {
            if (field.GetCustomAttribute<RuleSourceAttribute>() is { } attribute)
                sources[(ushort)field.GetRawConstantValue()!] = attribute.Source;
        }
        return sources;
    }
}
