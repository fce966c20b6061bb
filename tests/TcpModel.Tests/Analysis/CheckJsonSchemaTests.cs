using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TcpModel.Analysis;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>
/// docs/schemas/check.schema.json is what <c>tcpmodel check --format json</c> writes: every committed
/// capture's report, in both languages, validates against it (by a validator of the schema keywords
/// the file uses), and every field the schema names is written by some capture.
/// </summary>
public class CheckJsonSchemaTests
{
    private static string SchemaPath([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "docs", "schemas", "check.schema.json");

    public static IEnumerable<object[]> Captures() =>
        Directory.GetFiles(Path.GetDirectoryName(AnalysisTestData.CapturePath("x"))!, "*.pcap").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryCommittedCapturesReport_ValidatesAgainstTheSchema(string file)
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(SchemaPath()));
        foreach (TcpLanguage language in new[] { TcpLanguage.English, TcpLanguage.Chinese })
        {
            using JsonDocument report = JsonDocument.Parse(Json(file, language));
            List<string> errors = new();
            Validate(schema.RootElement, schema.RootElement, report.RootElement, "$", errors);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }

    [Fact]
    public void EveryFieldTheSchemaNames_IsWrittenBySomeCapture()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(SchemaPath()));
        var named = schema.RootElement.GetProperty("$defs").GetProperty("connection").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var written = new HashSet<string>();
        foreach (object[] file in Captures())
        {
            using JsonDocument report = JsonDocument.Parse(Json((string)file[0], TcpLanguage.English));
            foreach (JsonElement c in report.RootElement.GetProperty("connections").EnumerateArray())
                foreach (JsonProperty p in c.EnumerateObject()) written.Add(p.Name);
        }
        Assert.Equal(named.Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
    }

    private static string Json(string file, TcpLanguage language)
    {
        CheckReport report = AnalysisTestData.Check(file);
        var stream = new MemoryStream();
        using (var writer = new CheckJsonWriter(stream, language: language))
        {
            foreach (ConnectionCheck c in report.Connections) writer.Write(c);
            writer.Complete();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The keywords check.schema.json uses: $ref, type, enum, oneOf, required, properties, additionalProperties, items, minimum, maximum.</summary>
    private static void Validate(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            JsonElement target = root;
            foreach (string part in reference.GetString()!.TrimStart('#', '/').Split('/')) target = target.GetProperty(part);
            Validate(root, target, value, path, errors);
        }
        if (schema.TryGetProperty("type", out JsonElement type) && !IsType(value, type.GetString()!))
            errors.Add($"{path}: {value.ValueKind}, not {type.GetString()}");
        if (schema.TryGetProperty("enum", out JsonElement choices) && !choices.EnumerateArray().Any(c => c.GetString() == (value.ValueKind == JsonValueKind.String ? value.GetString() : null)))
            errors.Add($"{path}: {value} is none of {choices}");
        if (schema.TryGetProperty("oneOf", out JsonElement oneOf))
        {
            int matching = oneOf.EnumerateArray().Count(s =>
            {
                var e = new List<string>();
                Validate(root, s, value, path, e);
                return e.Count == 0;
            });
            if (matching != 1) errors.Add($"{path}: matches {matching} of oneOf");
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out JsonElement required))
                foreach (JsonElement r in required.EnumerateArray())
                    if (!value.TryGetProperty(r.GetString()!, out _)) errors.Add($"{path}: no {r.GetString()}");
            schema.TryGetProperty("properties", out JsonElement properties);
            foreach (JsonProperty p in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(p.Name, out JsonElement ps)) Validate(root, ps, p.Value, path + "." + p.Name, errors);
                else if (schema.TryGetProperty("additionalProperties", out JsonElement extra) && extra.ValueKind == JsonValueKind.False) errors.Add($"{path}: {p.Name} is not in the schema");
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out JsonElement items))
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray()) Validate(root, items, item, $"{path}[{i++}]", errors);
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("minimum", out JsonElement min) && value.GetDouble() < min.GetDouble()) errors.Add($"{path}: {value} < {min}");
            if (schema.TryGetProperty("maximum", out JsonElement max) && value.GetDouble() > max.GetDouble()) errors.Add($"{path}: {value} > {max}");
        }
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new ArgumentException("a type the validator does not know: " + type),
    };
}
