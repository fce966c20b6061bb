using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using TcpModel.Analysis;
using TcpModel.Grading;
using TcpModel.Transcripts;
using TcpModel.Wire;

namespace TcpModel.Fuzz;

/// <summary>A property of a fuzz target that failed: reported to the fuzzer as a crash, like an exception from the library.</summary>
public sealed class FuzzPropertyException : Exception
{
    public FuzzPropertyException(string message) : base(message) { }
}

/// <summary>
/// One target per entry point that takes untrusted input. Each runs the library on the bytes and
/// checks what must hold beyond "no exception": nothing reads or reports past what it was given, an
/// option walk always moves on, and a decoded header encodes and decodes back to itself.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The targets by name.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["header"] = Header,
        ["packet"] = Packet,
        ["capture"] = Capture,
        ["transcript"] = Transcript,
        ["grade"] = Grade,
    };

    private static void Check(bool condition, string what)
    {
        if (!condition) throw new FuzzPropertyException(what);
    }

    /// <summary>The TCP header decoder, the zero-copy view and the option walk.</summary>
    public static void Header(byte[] data)
    {
        bool ok = TcpHeader.TryDecode(data, out TcpHeader header, out int consumed, out WireError error);
        Check(consumed >= 0 && consumed <= data.Length, $"TryDecode consumed {consumed} of {data.Length} bytes");
        // The view checks the fixed header and the data offset; its TryToHeader decodes the options too,
        // and must then agree with the decoder.
        bool viewOk = TcpHeaderView.TryCreate(data, out TcpHeaderView view, out _);
        Check(viewOk || !ok, "the decoder takes a header whose fixed part the view rejects");
        if (viewOk)
        {
            bool full = view.TryToHeader(out TcpHeader fromView, out WireError viewError);
            Check(full == ok, $"the view's TryToHeader and the decoder disagree ({full}: {viewError}; {ok}: {error})");
            Check(!ok || fromView.Segment == header.Segment, "the view decodes to another header");
        }
        if (ok)
        {
            Check(consumed == header.HeaderLength && header.HeaderLength is >= TcpHeader.MinLength and <= TcpHeader.MaxLength, $"header length {header.HeaderLength}, consumed {consumed}");

            // Encoding the decoded header and decoding it again gives the same segment, SACK blocks and
            // length (the encoder's options are canonical: unknown options, padding and order are not kept).
            Span<byte> buffer = stackalloc byte[TcpHeader.MaxLength + 64];
            TcpSegment headerOnly = new(header.Segment.SourcePort, header.Segment.DestinationPort, header.Segment.Seq, header.Segment.Ack, header.Segment.Flags,
                header.Segment.Window, 0, header.Segment.Options, header.Segment.UrgentPointer);
            if (TcpHeaderWriter.TryWrite(headerOnly, buffer, out int written, header.Sack))
            {
                Check(TcpHeader.TryDecode(buffer[..written], out TcpHeader again, out int consumedAgain, out WireError againError), $"a written header does not decode: {againError}");
                Check(consumedAgain == written, $"re-decoded {consumedAgain} of {written} bytes");
                Check(again.Segment == headerOnly, $"round trip changed the segment: {headerOnly} -> {again.Segment}");
                Check(again.Sack.Equals(header.Sack), "round trip changed the SACK blocks");
            }
        }

        // The option walk over whatever the data offset claims, within the bytes given.
        if (data.Length >= TcpHeader.MinLength)
        {
            int offset = (data[12] >> 4) * 4;
            if (offset >= TcpHeader.MinLength && offset <= data.Length)
            {
                var reader = new TcpOptionReader(data.AsSpan(TcpHeader.MinLength, offset - TcpHeader.MinLength));
                int last = 0, steps = 0;
                while (reader.TryReadNext(out _))
                {
                    Check(reader.Position > last, $"the option walk did not move on at {last}");
                    Check(reader.Position <= offset - TcpHeader.MinLength, $"the option walk read to {reader.Position}, past the data offset");
                    last = reader.Position;
                    Check(++steps <= 40, "more than 40 options in 40 bytes");
                }
                Check(reader.Position <= offset - TcpHeader.MinLength, $"the option walk ended at {reader.Position}, past the data offset");
            }
        }
    }

    private static readonly LinkType[] LinkTypes = { LinkType.Null, LinkType.Ethernet, LinkType.Raw, LinkType.Loop, LinkType.LinuxSll, LinkType.IPv4, LinkType.IPv6, LinkType.LinuxSll2 };

    /// <summary>The whole packet decoder, link layer to options and checksum; the first byte picks the link type.</summary>
    public static void Packet(byte[] data)
    {
        if (data.Length == 0) return;
        LinkType link = LinkTypes[data[0] % LinkTypes.Length];
        ReadOnlySpan<byte> frame = data.AsSpan(1);
        DecodedPacket p = TcpPacketDecoder.Decode(link, frame, originalLength: frame.Length);
        _ = p.ToString();
        if (LinkLayer.TryFindNetworkHeader(link, frame, out int offset, out _, out _, out _))
            Check(offset >= 0 && offset <= frame.Length, $"the network header at {offset}, past {frame.Length} bytes");
    }

    /// <summary>The pcap and pcapng readers (the format is sniffed), the decoder, and the capture checker over what they read.</summary>
    public static void Capture(byte[] data)
    {
        using (var reader = new CaptureReader(new MemoryStream(data, writable: false)))
        {
            long frames = 0;
            while (reader.TryReadNext(out CaptureFrame frame))
            {
                Check(frame.Data.Length <= data.Length, $"a frame of {frame.Data.Length} bytes from {data.Length}");
                Check(frame.OriginalLength >= 0, "a negative original length");
                _ = TcpPacketDecoder.Decode(frame);
                Check(++frames <= data.Length, "more frames than bytes");
            }
        }
        // On this thread: DecodeAhead's second thread would cost more than checking a small input, and
        // both paths share the decoder and the checker (DecodeAheadTests compares their reports).
        var checker = new CaptureChecker { DecodeAhead = false };
        if (checker.TryCheck(new MemoryStream(data, writable: false), out CheckReport report, out _))
            Check(report.Connections.Count <= data.Length, "more connections than bytes");
    }

    /// <summary>The transcript parser (Markdown tables and line notation); a parsed transcript renders and parses again.</summary>
    public static void Transcript(byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        if (!TranscriptParser.TryParse(text, out IReadOnlyList<Transcript> transcripts, out IReadOnlyList<TranscriptParseError> errors))
        {
            Check(errors.Count > 0, "a failed parse with no error");
            foreach (TranscriptParseError e in errors) _ = e.ToString();
            return;
        }
        foreach (Transcript t in transcripts)
        {
            string rendered = TranscriptRenderer.Render(t, TranscriptFormat.Text, new TranscriptRenderOptions { IncludeNotes = false });
            Check(TranscriptParser.TryParse(rendered, out IReadOnlyList<Transcript> again, out IReadOnlyList<TranscriptParseError> againErrors),
                "a rendered transcript does not parse: " + (againErrors.Count > 0 ? againErrors[0].ToString() : "?"));
            Check(again.Count == 1 && again[0].Steps.Count == t.Steps.Count, $"a rendered transcript of {t.Steps.Count} steps parses to another");
        }
    }

    /// <summary>The grader, in both languages, on any text.</summary>
    public static void Grade(byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        GradeReport report = TranscriptGrader.Grade(text, null);
        _ = report.ToText(TcpLanguage.English);
        _ = report.ToText(TcpLanguage.Chinese);
        _ = report.ToJson();
    }
}
