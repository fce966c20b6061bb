using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TcpModel.Grading;
using Xunit;

namespace TcpModel.Tests.Grading;

/// <summary>
/// A corpus of students' answers (right and wrong, symbolic and numeric, zh and en, tables and line
/// notation), each marked by a teacher in Corpus/expected.json: the grader must mark them alike.
/// </summary>
public class CorpusTests
{
    public static IEnumerable<object[]> Entries()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDir(), "expected.json")));
        int i = 0;
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
            yield return new object[] { i++, e.GetProperty("file").GetString()!, e.GetProperty("profile").GetString()! };
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void EachAnswer_IsGradedAsTheTeacherMarkedIt(int index, string file, string profile)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDir(), "expected.json")));
        JsonElement e = doc.RootElement[index];
        var options = GradeOptions.Default with { Profile = profile == "strict" ? GradeProfile.Strict : GradeProfile.Textbook };
        GradeReport report = TranscriptGrader.Grade(File.ReadAllText(Path.Combine(CorpusDir(), file)), options);
        Assert.True(report.IsReadable, string.Join("; ", report.ParseErrors));

        var expected = e.GetProperty("diagnostics").EnumerateArray()
            .Select(d => Key(d.TryGetProperty("table", out JsonElement t) ? t.GetInt32() : 1, d.GetProperty("step").GetInt32(), d.GetProperty("field").GetString()!,
                d.TryGetProperty("side", out JsonElement s) ? s.GetString() : null, d.GetProperty("found").GetString()!, d.GetProperty("expected").GetString()!))
            .OrderBy(k => k).ToArray();
        var actual = report.Diagnostics
            .Select(d => Key(d.Transcript, d.Step, d.Field.ToFieldName(), d.Field == TcpField.State ? (d.Side == TcpModel.Transcripts.Side.Client ? "client" : "server") : null, d.Found, d.Expected))
            .OrderBy(k => k).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"{file} ({profile}): expected [{string.Join("; ", expected)}] but graded [{string.Join("; ", actual)}]\n{report.ToText(TcpLanguage.English)}");
        Assert.Equal(e.GetProperty("verdict").GetString(), report.Verdict);

        bool ack0 = e.GetProperty("notes").EnumerateArray().Any(n => n.GetString() == "ack0-means-no-data");
        Assert.Equal(ack0, report.Notes.Any(n => n.Id == "ack0-means-no-data"));
    }

    private static string Key(int table, int step, string field, string? side, string found, string expected) =>
        $"t{table} s{step} {field}{(side is null ? "" : "/" + side)}: {found} -> {expected}";

    internal static string CorpusDir([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "Corpus");
}
