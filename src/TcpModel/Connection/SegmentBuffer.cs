using System.Runtime.CompilerServices;

namespace TcpModel;

/// <summary>Inline storage for the segments of one transition: no array, no allocation.</summary>
[InlineArray(Capacity)]
internal struct SegmentBuffer
{
    public const int Capacity = 4;
    private TcpSegment _element0;
}
