using System;
using System.Threading;
using TcpModel.Wire;

namespace TcpModel.Analysis;

/// <summary>
/// Reads and decodes a capture on a second thread, a few batches ahead of the thread that checks it:
/// the checker gets the same packets in the same order, so its results do not change, and the
/// reading, checksumming and header decoding (about a quarter of a check) run on the other core.
/// Memory is the fixed batches, whatever the capture's size.
/// </summary>
/// <remarks>One producer (the decoding thread), one consumer (the caller). Not reusable after <see cref="Dispose"/>.</remarks>
internal sealed class DecodeAhead : IDisposable
{
    internal const int BatchSize = 256, BatchCount = 4;

    private readonly CaptureReader _reader;
    private readonly DecodedPacket[][] _batches;
    private readonly int[] _counts = new int[BatchCount];
    // No maximum counts: Dispose may add one release to wake the reading thread.
    private readonly SemaphoreSlim _filled = new(0);
    private readonly SemaphoreSlim _free = new(BatchCount);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private Exception? _failure;
    private int _next; // the consumer's next batch
    private bool _ended, _disposed;

    public DecodeAhead(CaptureReader reader, DecodedPacket[][] batches)
    {
        _reader = reader;
        _batches = batches;
        _thread = new Thread(Produce) { IsBackground = true, Name = "TcpModel decode-ahead" };
        _thread.Start();
    }

    /// <summary>Batches a checker can keep and hand to every read-ahead it starts.</summary>
    public static DecodedPacket[][] NewBatches()
    {
        var batches = new DecodedPacket[BatchCount][];
        for (int i = 0; i < BatchCount; i++) batches[i] = new DecodedPacket[BatchSize];
        return batches;
    }

    /// <summary>What the reader reports once everything has been read (valid after <see cref="TryNextBatch"/> returned false).</summary>
    public WireError Error => _reader.Error;

    /// <summary>
    /// The next packets in capture order; false at the end. The span stays valid until the next call.
    /// An exception the reading thread met (an I/O error of the stream) is thrown here, as reading on this thread would have.
    /// </summary>
    public bool TryNextBatch(out ReadOnlySpan<DecodedPacket> packets)
    {
        packets = default;
        if (_ended) return false;
        _filled.Wait();
        int b = _next % BatchCount;
        int n = _counts[b];
        if (n < 0)
        {
            _ended = true;
            if (_failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
            return false;
        }
        packets = _batches[b].AsSpan(0, n);
        _next++;
        return true;
    }

    /// <summary>Gives the batch returned last back to the reading thread.</summary>
    public void Release() => _free.Release();

    private void Produce()
    {
        int b = 0;
        try
        {
            while (true)
            {
                _free.Wait();
                if (_stopping) return;
                DecodedPacket[] batch = _batches[b];
                int n = 0;
                while (n < BatchSize && _reader.TryReadNextPacket(out batch[n])) n++;
                if (n > 0)
                {
                    _counts[b] = n;
                    _filled.Release();
                    b = (b + 1) % BatchCount;
                }
                if (n < BatchSize)
                {
                    if (n > 0) _free.Wait(); // room for the end mark
                    _counts[b] = -1;
                    _filled.Release();
                    return;
                }
            }
        }
        catch (Exception e)
        {
            _failure = e;
            _counts[b] = -1;
            _filled.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        _free.Release(); // wake the reading thread if it waits for room
        _thread.Join();
        _filled.Dispose();
        _free.Dispose();
    }
}
