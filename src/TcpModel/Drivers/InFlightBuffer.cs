using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TcpModel.Drivers;

/// <summary>A segment on its way, and where to.</summary>
internal readonly record struct InFlight(TcpSide To, TcpSegment Segment);

/// <summary>Inline ring storage for the channel of a <see cref="TcpPair"/>.</summary>
#if NET8_0_OR_GREATER
[InlineArray(Capacity)]
internal struct InFlightBuffer
{
    public const int Capacity = 128; // two full 64 KiB windows of 1460-byte segments and their ACKs
    private InFlight _element0;
}
#else
[StructLayout(LayoutKind.Sequential)]
internal struct InFlightBuffer
{
    public const int Capacity = 128; // as above; 8 blocks of 16 (see Polyfills/FixedBlocks.cs)
    private Block8<Block16<InFlight>> _blocks;

    public InFlight this[int index]
    {
        readonly get => Unsafe.Add(ref Unsafe.AsRef(in _blocks.E0.E0), Check(index));
        set => Unsafe.Add(ref _blocks.E0.E0, Check(index)) = value;
    }

    private static int Check(int index) => (uint)index < Capacity ? index : throw new IndexOutOfRangeException();
}
#endif
