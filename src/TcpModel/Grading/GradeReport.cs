using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.IO;
using System.Text;
using System.Text.Json;
using TcpModel.Transcripts;

namespace TcpModel.Grading;

/// <summary>
/// The grade of one document: correct or wrong, every diagnostic and note, or the parse errors of
/// a document that could not be read.
/// </summary>
/// <remarks>Immutable; thread-safe. <see cref="WriteJson"/> writes the shape graders script against.</remarks>
public sealed class GradeReport
{
    internal GradeReport(GradeProfile profile, IReadOnlyList<GradeDiagnostic> diagnostics, IReadOnlyList<GradeNote> notes, IReadOnlyList<TranscriptParseError> parseErrors)
    {
        Profile = profile;
        Diagnostics = diagnostics;
        Notes = notes;
        ParseErrors = parseErrors;
    }

    /// <summary>The profile graded with.</summary>
    public GradeProfile Profile { get; }

    /// <summary>Whether the document was read (no parse errors).</summary>
    public bool IsReadable => ParseErrors.Count == 0;

    /// <summary>Whether every stated field is right.</summary>
    public bool IsCorrect => IsReadable && Diagnostics.Count == 0;

    /// <summary><c>correct</c>, <c>wrong</c> or <c>unreadable</c>.</summary>
    public string Verdict => !IsReadable ? "unreadable" : IsCorrect ? "correct" : "wrong";

    /// <summary>The wrong fields, in document order.</summary>
    public IReadOnlyList<GradeDiagnostic> Diagnostics { get; }

    /// <summary>Remarks that are not wrong fields.</summary>
    public IReadOnlyList<GradeNote> Notes { get; }

    /// <summary>Why the document could not be read (line and column each).</summary>
    public IReadOnlyList<TranscriptParseError> ParseErrors { get; }

    /// <summary>
    /// Writes <c>{"verdict": ..., "profile": ..., "diagnostics": [{"transcript", "step", "line",
    /// "column", "field", "found", "expected", "rule", "source", "slip", "message": {"en", "zh"}}],
    /// "notes": [...], "errors": [...]}</c>.
    /// </summary>
    public void WriteJson(Stream utf8Json, bool indented = false, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var w = new Utf8JsonWriter(utf8Json, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        if (file is not null) w.WriteString("file", file);
        w.WriteString("verdict", Verdict);
        w.WriteString("profile", Profile == GradeProfile.Strict ? "strict" : "textbook");
        w.WriteStartArray("diagnostics");
        foreach (GradeDiagnostic d in Diagnostics)
        {
            w.WriteStartObject();
            WritePlace(w, d);
            w.WriteString("field", d.Field.ToFieldName());
            w.WriteString("side", d.Side == Side.Client ? "client" : "server");
            w.WriteString("found", d.Found);
            w.WriteString("expected", d.Expected);
            w.WriteString("rule", d.Rule.ToString());
            w.WriteString("slip", SlipName(d.Slip));
            WriteWords(w, d);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (GradeNote n in Notes)
        {
            w.WriteStartObject();
            WritePlace(w, n);
            w.WriteString("id", n.Id);
            WriteWords(w, n);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (TranscriptParseError e in ParseErrors)
        {
            w.WriteStartObject();
            w.WriteString("code", e.Code.ToString());
            w.WriteNumber("line", e.Line);
            w.WriteNumber("column", e.Column);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePlace(Utf8JsonWriter w, GradeFinding f)
    {
        w.WriteNumber("transcript", f.Transcript);
        w.WriteNumber("step", f.Step);
        w.WriteNumber("line", f.Line);
        w.WriteNumber("column", f.Column);
    }

    private static void WriteWords(Utf8JsonWriter w, GradeFinding f)
    {
        w.WriteString("source", f.Source);
        w.WriteStartObject("message");
        w.WriteString("en", f.English);
        w.WriteString("zh", f.Chinese);
        w.WriteEndObject();
    }

    /// <summary>The report as JSON text.</summary>
    public string ToJson(bool indented = true)
    {
        using var ms = new MemoryStream();
        WriteJson(ms, indented);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>The report for a person, in <paramref name="language"/>.</summary>
    public string ToText(TcpLanguage language)
    {
        bool zh = language == TcpLanguage.Chinese;
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        string verdict = zh ? (Verdict == "correct" ? "正确" : Verdict == "wrong" ? "有错误" : "无法读取") : Verdict;
        sb.Append(zh ? "结论：" : "verdict: ").Append(verdict).Append(zh ? "（" : " (").Append(zh ? (Profile == GradeProfile.Strict ? "严格模式" : "教材模式") : (Profile == GradeProfile.Strict ? "strict" : "textbook")).Append(zh ? "）" : ")").Append('\n');
        foreach (TranscriptParseError e in ParseErrors)
            sb.Append(string.Format(ci, "  {0}:{1}: {2} ({3})\n", e.Line, e.Column, e.Message, e.Code));
        bool tables = Diagnostics.Any(d => d.Transcript > 1) || Notes.Any(n => n.Transcript > 1);
        string Where(int transcript, int step) => tables
            ? string.Format(ci, zh ? "表 {0} 第 {1} 步" : "table {0} step {1}", transcript, step)
            : string.Format(ci, zh ? "第 {0} 步" : "step {0}", step);
        foreach (GradeDiagnostic d in Diagnostics)
        {
            sb.Append(string.Format(ci, zh ? "  {0}（{1}:{2}）{3}：写的是 {4}，应为 {5}\n" : "  {0} ({1}:{2}) {3}: found {4}, expected {5}\n",
                Where(d.Transcript, d.Step), d.Line, d.Column, d.Field.ToFieldName(), d.Found, d.Expected));
            sb.Append("    ").Append(d.Message(language)).Append(zh ? "（依据：" : " (").Append(d.Source).Append(zh ? "）" : ")").Append('\n');
        }
        foreach (GradeNote n in Notes)
            sb.Append(string.Format(ci, zh ? "  注（{0}，{1}:{2}）：" : "  note ({0}, {1}:{2}): ", Where(n.Transcript, n.Step), n.Line, n.Column))
                .Append(n.Message(language)).Append(zh ? "（依据：" : " (").Append(n.Source).Append(zh ? "）" : ")").Append('\n');
        return sb.ToString();
    }

    internal static string SlipName(GradeSlip slip) => slip switch
    {
        GradeSlip.AckNotCountingSyn => "ack-not-counting-syn",
        GradeSlip.AckNotCountingFin => "ack-not-counting-fin",
        GradeSlip.SeqNotAdvanced => "seq-not-advanced",
        GradeSlip.SynAfterHandshake => "syn-after-handshake",
        GradeSlip.AckFlagOff => "ack-flag-off",
        GradeSlip.TimeWaitWrongSide => "time-wait-wrong-side",
        GradeSlip.CloseWaitLastAckSwapped => "close-wait-last-ack-swapped",
        GradeSlip.WrongDirection => "wrong-direction",
        GradeSlip.AckOmitted => "ack-omitted",
        _ => "none",
    };
}
