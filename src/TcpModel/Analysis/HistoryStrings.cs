using System;
using System.Collections.Generic;

namespace TcpModel.Analysis;

/// <summary>
/// Shares the history strings of a checker's reports: most connections of a capture have one of a
/// few histories (ShADadFf ...), so each is allocated once, not once per connection.
/// </summary>
internal sealed class HistoryStrings
{
#if NET9_0_OR_GREATER
    private const int MaxEntries = 4096;
#else
    private const int MaxEntries = 64; // a linear scan without the span lookup of .NET 9
#endif
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Get(in ZeekCore tracker)
    {
        Span<char> buffer = stackalloc char[ZeekCore.MaxHistoryLength];
        ReadOnlySpan<char> letters = buffer.Slice(0, tracker.CopyHistory(buffer));
#if NET9_0_OR_GREATER
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(letters, out string? known)) return known;
#else
        foreach (string k in _strings.Keys)
            if (letters.SequenceEqual(k)) return k;
#endif
        string s = new(letters);
        if (_strings.Count < MaxEntries) _strings[s] = s;
        return s;
    }
}
