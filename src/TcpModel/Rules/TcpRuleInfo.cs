using System;

namespace TcpModel;

/// <summary>What a <see cref="TcpRule"/> is: its source (RFC and section) and its explanation in English and Chinese.</summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TcpRuleInfo : IEquatable<TcpRuleInfo>
{
    // The source is not written here: it is the rule's [RuleSource] attribute, read once by RuleSources.
    internal TcpRuleInfo(TcpRule rule, string english, string chinese)
    {
        Rule = rule;
        Source = RuleSources.Of(rule);
        English = english;
        Chinese = chinese;
    }

    /// <summary>The rule.</summary>
    public TcpRule Rule { get; }

    /// <summary>Where the rule comes from, e.g. <c>RFC 9293 §3.10.7.4</c> (the <c>[RuleSource]</c> attribute on the <see cref="TcpRule"/> member; <c>—</c> for <see cref="TcpRule.None"/>).</summary>
    public string Source { get; }

    /// <summary>The explanation in English.</summary>
    public string English { get; }

    /// <summary>The explanation in Chinese.</summary>
    public string Chinese { get; }

    /// <summary>The explanation in <paramref name="language"/>.</summary>
    [Pure]
    public string Text(TcpLanguage language) => language == TcpLanguage.Chinese ? Chinese : English;

    /// <inheritdoc />
    public bool Equals(TcpRuleInfo other) => Rule == other.Rule;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TcpRuleInfo other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Rule;

    /// <summary>Equality (by rule).</summary>
    public static bool operator ==(TcpRuleInfo a, TcpRuleInfo b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TcpRuleInfo a, TcpRuleInfo b) => !a.Equals(b);

    /// <summary><c>Source: English</c>.</summary>
    public override string ToString() => Source + ": " + English;
}
