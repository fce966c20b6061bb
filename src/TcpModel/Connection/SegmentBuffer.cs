using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TcpModel;

/// <summary>Inline storage for the segments of one transition: no array, no allocation.</summary>
#if NET8_0_OR_GREATER
[InlineArray(Capacity)]
#else
[StructLayout(LayoutKind.Sequential)]
#endif
internal struct SegmentBuffer
{
    public const int Capacity = 4;
    private TcpSegment _element0;
#if !NET8_0_OR_GREATER
#pragma warning disable CS0169 // reached through _element0 (see Polyfills/FixedBlocks.cs)
    private TcpSegment _element1, _element2, _element3;
#pragma warning restore CS0169

    public TcpSegment this[int index]
    {
        readonly get => Unsafe.Add(ref Unsafe.AsRef(in _element0), Check(index));
        set => Unsafe.Add(ref _element0, Check(index)) = value;
    }

    private static int Check(int index) => (uint)index < Capacity ? index : throw new IndexOutOfRangeException();
#endif

    /// <summary>The whole buffer, where it is.</summary>
    [UnscopedRef]
    public Span<TcpSegment> AsSpan() => MemoryMarshal.CreateSpan(ref _element0, Capacity);
}
