using System;
using System.IO;
using System.Text.Json;

namespace TcpModel.Analysis;

/// <summary>
/// Writes the <c>tcpmodel check --format json</c> document one connection at a time, flushing as it goes,
/// so a capture of any size is written without holding its connections: <c>{"connections":[...]}</c>.
/// </summary>
/// <remarks>Not thread-safe. <see cref="Complete"/> closes the document; disposing without it leaves it open.</remarks>
public sealed class CheckJsonWriter : IDisposable
{
    private readonly Utf8JsonWriter _w;
    private readonly TcpLanguage _language;

    /// <summary>Starts the document on <paramref name="utf8Json"/> (left open); messages in <paramref name="language"/>.</summary>
    public CheckJsonWriter(Stream utf8Json, bool indented = false, TcpLanguage language = TcpLanguage.English)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        _language = language;
        _w = new Utf8JsonWriter(utf8Json, new JsonWriterOptions { Indented = indented });
        _w.WriteStartObject();
        _w.WriteStartArray("connections");
    }

    /// <summary>Writes one connection's object (flushed to the stream in chunks of about 16 KB).</summary>
    public void Write(in ConnectionCheck c)
    {
        _w.WriteStartObject();
        _w.WriteString("client", c.Client.ToString());
        _w.WriteString("server", c.Server.ToString());
        _w.WriteString("verdict", CheckReport.VerdictName(c.Verdict));
        if (c.Verdict == CheckVerdict.Invalid)
        {
            _w.WriteStartObject("violation");
            _w.WriteNumber("frame", c.ViolationFrame);
            _w.WriteString("rule", c.RuleSource);
            _w.WriteString("code", c.Violation.ToString());
            _w.WriteString("message", c.MessageIn(_language));
            _w.WriteEndObject();
        }
        else _w.WriteNull("violation");
        _w.WriteStartObject("finalStates");
        _w.WriteString("client", c.ClientState.ToRfcName());
        _w.WriteString("server", c.ServerState.ToRfcName());
        _w.WriteEndObject();
        _w.WriteString("zeekState", c.ZeekState.ToString());
        _w.WriteString("zeekHistory", c.ZeekHistory);
        _w.WriteString("zeekStateWithChecksums", c.ZeekStateWithChecksums.ToString());
        _w.WriteString("zeekHistoryWithChecksums", c.ZeekHistoryWithChecksums);
        _w.WriteNumber("completeness", c.Completeness);
        _w.WriteNumber("badChecksums", c.BadChecksums);
        _w.WriteString("captureAt", CheckReport.SiteName(c.CaptureSite));
        _w.WriteNumber("inferredLosses", c.InferredLosses);
        if (c.InferredLosses > 0)
        {
            _w.WriteNumber("firstInferredLossFrame", c.FirstInferredLossFrame);
            _w.WriteStartArray("losses");
            foreach (InferredLoss loss in c.Losses)
            {
                _w.WriteStartObject();
                _w.WriteNumber("frame", loss.Frame);
                _w.WriteString("from", loss.FromClient ? "client" : "server");
                _w.WriteString("where", loss.Place == LossPlace.AfterCapture ? "after-capture" : "before-capture");
                _w.WriteString("what", loss.What);
                _w.WriteNumber("seq", loss.Seq.Value);
                _w.WriteNumber("length", loss.Length);
                _w.WriteNumber("shownBy", loss.ShownBy);
                _w.WriteString("message", loss.Explain(_language));
                _w.WriteEndObject();
            }
            _w.WriteEndArray();
        }
        if (c.Alternative.Exists)
        {
            _w.WriteStartObject("alternative");
            _w.WriteNumber("frame", c.Alternative.Frame);
            _w.WriteStartObject("finalStates");
            _w.WriteString("client", c.Alternative.ClientState.ToRfcName());
            _w.WriteString("server", c.Alternative.ServerState.ToRfcName());
            _w.WriteEndObject();
            _w.WriteString("message", c.Alternative.MessageIn(_language));
            _w.WriteEndObject();
        }
        else _w.WriteNull("alternative");
        if (c.Timing.Kind != TimingKind.None)
        {
            _w.WriteStartObject("timing");
            _w.WriteNumber("frame", c.Timing.Frame);
            _w.WriteString("kind", c.Timing.KindName);
            _w.WriteString("rule", c.Timing.Rule);
            _w.WriteString("message", c.Timing.MessageIn(_language));
            _w.WriteEndObject();
        }
        else _w.WriteNull("timing");
        _w.WriteEndObject();
        if (_w.BytesPending > 16 * 1024) _w.Flush(); // in chunks: a connection at a time would mean a write per connection
    }

    /// <summary>Closes the array and the document.</summary>
    public void Complete()
    {
        _w.WriteEndArray();
        _w.WriteEndObject();
        _w.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();
}
