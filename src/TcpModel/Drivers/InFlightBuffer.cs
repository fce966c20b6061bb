using System.Runtime.CompilerServices;

namespace TcpModel.Drivers;

/// <summary>A segment on its way, and where to.</summary>
internal readonly record struct InFlight(TcpSide To, TcpSegment Segment);

/// <summary>Inline ring storage for the channel of a <see cref="TcpPair"/>.</summary>
[InlineArray(Capacity)]
internal struct InFlightBuffer
{
    public const int Capacity = 128; // two full 64 KiB windows of 1460-byte segments and their ACKs
    private InFlight _element0;
}
