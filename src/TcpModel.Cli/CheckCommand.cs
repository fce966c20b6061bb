using System;
using System.CommandLine;
using System.IO;
using System.Text;
using TcpModel.Analysis;
using TcpModel.Wire;

namespace TcpModel.Cli;

/// <summary>
/// <c>tcpmodel check &lt;capture.pcap|capture.pcapng&gt; [--format text|json] [--at auto|client|server|middle|both] [--profile linux|rfc9293] [--lang en|zh]</c>: checks every TCP
/// connection of a capture against the model. Exit codes: 0 nothing invalid, 1 a connection is
/// invalid, 2 bad usage or an unreadable capture (the reason names the wire error and its offset).
/// </summary>
internal static class CheckCommand
{
    public const int Invalid = 1;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("capture") { Description = "A pcap or pcapng capture." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line on stderr." };
        var at = new Option<string>("--at")
        {
            Description = "Where the capture was taken: client, server, middle, both (one host), or auto (each connection's handshake timing says). It decides which losses are possible.",
            DefaultValueFactory = _ => "auto",
        };
        at.AcceptOnlyFromAmong("auto", "client", "server", "middle", "both");
        var lang = new Option<string>("--lang") { Description = "Language of the explanations: en or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var profile = new Option<string>("--profile")
        {
            Description = "Whose settings and timers the endpoints are expected to follow: linux (the default) or rfc9293 (RFC 6298's doubling retransmission timeout; Linux's departures are reported as timing).",
            DefaultValueFactory = _ => "linux",
        };
        profile.AcceptOnlyFromAmong("linux", "rfc9293");
        var check = new Command("check", "Check every TCP connection of a capture against RFC 9293: verdict, first violation, final states, Zeek conn_state/history, Wireshark completeness.")
        {
            file, format, quiet, at, lang, profile,
        };
        check.SetAction(r => Run(r.GetValue(file)!, r.GetValue(format) == "json", stdout, stderr, r.GetValue(quiet), Site(r.GetValue(at)),
            r.GetValue(lang) == "zh" ? TcpLanguage.Chinese : TcpLanguage.English, r.GetValue(profile) == "rfc9293" ? TimingProfile.Rfc9293 : TimingProfile.Linux));
        return check;
    }

    private static CaptureSite Site(string? at) => at switch
    {
        "client" => CaptureSite.Client,
        "server" => CaptureSite.Server,
        "middle" => CaptureSite.Middle,
        "both" => CaptureSite.Both,
        _ => CaptureSite.Unknown,
    };

    internal static int Run(string path, bool json, TextWriter stdout, TextWriter stderr, bool quiet = false, CaptureSite at = CaptureSite.Unknown,
        TcpLanguage language = TcpLanguage.English, TimingProfile profile = TimingProfile.Linux)
    {
        TcpSettings settings = profile == TimingProfile.Rfc9293 ? TcpSettings.Rfc9293 : TcpSettings.Linux;
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine("error: check: cannot read '" + path + "': " + e.Message);
            return CliApp.BadUsage;
        }
        // Streamed: each connection is written as soon as it is decided and forgotten, so memory is
        // bounded by the connections open at once, whatever the size of the capture.
        CheckTotals totals;
        WireError error;
        bool readable;
        var progress = new Progress(stream, stderr, quiet);
        using (stream)
        {
            if (json)
            {
                using var sink = new TextWriterStream(stdout);
                using var w = new CheckJsonWriter(sink, indented: true, language);
                readable = new CaptureChecker(settings, profile) { CaptureAt = at }.TryCheck(progress.Source, c => { w.Write(c); progress.Tick(); }, out totals, out error);
                if (readable) w.Complete();
            }
            else
            {
                bool first = true;
                readable = new CaptureChecker(settings, profile) { CaptureAt = at }.TryCheck(progress.Source, c =>
                {
                    if (!first) stdout.WriteLine();
                    first = false;
                    CheckReport.WriteText(stdout, c, language);
                    progress.Tick();
                }, out totals, out error);
                if (readable && totals.ConnectionCount == 0) stdout.WriteLine(CheckReport.NoConnection);
            }
        }
        progress.Done();
        if (!readable)
        {
            stderr.WriteLine("error: check: '" + path + "' is not a readable capture: " + error.Code + " at byte offset " + error.Offset
                + " (" + totals.PacketCount + " packets read before it).");
            return CliApp.BadUsage;
        }
        if (json) stdout.WriteLine();
        return totals.InvalidCount > 0 ? Invalid : CliApp.Ok;
    }

    /// <summary>
    /// A progress line on stderr while a large capture is checked (how much of the file was read), only
    /// when stderr is a terminal: drawn at most four times a second from the checking thread, wiped at the end.
    /// </summary>
    private sealed class Progress
    {
        private readonly TextWriter _stderr;
        private readonly long _length;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly CountingStream? _counting;
        private long _shown;
        private bool _drawn;

        public Progress(FileStream stream, TextWriter stderr, bool quiet)
        {
            _stderr = stderr;
            _length = stream.Length;
            bool terminal = !quiet && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
            _counting = terminal && _length > 0 ? new CountingStream(stream) : null;
            Source = _counting ?? (Stream)stream;
        }

        public Stream Source { get; }

        public void Tick()
        {
            if (_counting is null || _clock.ElapsedMilliseconds - _shown < 250) return;
            _shown = _clock.ElapsedMilliseconds;
            long read = _counting.BytesRead;
            _stderr.Write(FormattableString.Invariant($"\rchecking: {100.0 * read / _length:F0} % ({read / 1_000_000} of {_length / 1_000_000} MB)"));
            _drawn = true;
        }

        public void Done()
        {
            if (_drawn) _stderr.Write("\r" + new string(' ', 60) + "\r");
        }
    }

    /// <summary>A read-only stream that counts what was read (written by the reading thread, read by the checking one).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private long _read;

        public long BytesRead => System.Threading.Volatile.Read(ref _read);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            System.Threading.Volatile.Write(ref _read, _read + n);
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>UTF-8 bytes to a <see cref="TextWriter"/> (the JSON writer wants a stream; the command writes to a text writer).</summary>
    private sealed class TextWriterStream : Stream
    {
        private readonly TextWriter _writer;
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private char[] _chars = new char[4096];

        public TextWriterStream(TextWriter writer) => _writer = writer;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => _writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int need = _decoder.GetCharCount(buffer, flush: false);
            if (need > _chars.Length) _chars = new char[need];
            int n = _decoder.GetChars(buffer, _chars, flush: false);
            _writer.Write(_chars, 0, n);
        }
    }
}
