namespace TcpModel.Drivers;

/// <summary>What a <see cref="TcpPairStep"/> did.</summary>
public enum TcpStepKind : byte
{
    /// <summary>A user call (or any event) was applied to one endpoint.</summary>
    Event,
    /// <summary>The oldest segment in flight arrived at its endpoint.</summary>
    Delivery,
    /// <summary>A timer of one endpoint expired.</summary>
    Timer,
    /// <summary>The oldest segment in flight was lost.</summary>
    Drop,
}
