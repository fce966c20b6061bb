using System;

namespace TcpModel.Simulation;

/// <summary>What a scripted fault does to the segment it matches.</summary>
public enum SegmentFaultAction : byte
{
    /// <summary>The segment is lost.</summary>
    Drop,
    /// <summary>The segment arrives <see cref="SegmentFault.By"/> later than the link would deliver it.</summary>
    Delay,
}

/// <summary>
/// A scripted fault, as OMNeT++ INET's TCP tester and smoltcp's fault injector have them: "drop the 3rd
/// segment host A sends", "delay A's FIN by 2 s". It matches the <see cref="Occurrence"/>-th segment
/// sent by <see cref="From"/> that carries every flag of <see cref="Flags"/> (none: any segment), counting
/// retransmissions, and fires once.
/// </summary>
/// <param name="From">The sending host.</param>
/// <param name="Occurrence">Which matching segment, from 1.</param>
/// <param name="Flags">Flags the segment must carry; <see cref="TcpFlags.None"/> matches every segment.</param>
/// <param name="Action">Drop or delay.</param>
/// <param name="By">The extra delay of <see cref="SegmentFaultAction.Delay"/>.</param>
public sealed record SegmentFault(HostId From, int Occurrence, TcpFlags Flags, SegmentFaultAction Action, TimeSpan By = default)
{
    /// <summary>Drops the <paramref name="n"/>-th segment <paramref name="from"/> sends.</summary>
    public static SegmentFault DropNth(HostId from, int n) => new(from, n, TcpFlags.None, SegmentFaultAction.Drop);

    /// <summary>Drops the <paramref name="n"/>-th segment with <paramref name="flags"/> that <paramref name="from"/> sends.</summary>
    public static SegmentFault DropNth(HostId from, TcpFlags flags, int n = 1) => new(from, n, flags, SegmentFaultAction.Drop);

    /// <summary>Delays the <paramref name="n"/>-th segment with <paramref name="flags"/> that <paramref name="from"/> sends by <paramref name="by"/>.</summary>
    public static SegmentFault DelayNth(HostId from, TcpFlags flags, TimeSpan by, int n = 1) => new(from, n, flags, SegmentFaultAction.Delay, by);

    internal void Validate()
    {
        if (Occurrence < 1) throw new ArgumentException("The occurrence counts from 1.", nameof(Occurrence));
        if (By < TimeSpan.Zero) throw new ArgumentException("A delay cannot be negative.", nameof(By));
    }
}

/// <summary>A host of a <see cref="Network"/>.</summary>
/// <param name="Index">Its number, from 0 in the order hosts were added.</param>
public readonly record struct HostId(int Index);

/// <summary>A connection of a <see cref="Network"/>: one endpoint's TCB on one host.</summary>
/// <param name="Index">Its number, from 0 in the order connections were made.</param>
public readonly record struct ConnectionId(int Index);
