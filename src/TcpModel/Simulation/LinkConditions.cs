using System;
using System.Collections.Generic;

namespace TcpModel.Simulation;

/// <summary>How a jittered delay is drawn (netem's <c>distribution</c>).</summary>
public enum JitterDistribution : byte
{
    /// <summary>Uniform in [delay − jitter, delay + jitter].</summary>
    Uniform,
    /// <summary>Normal with mean delay and standard deviation jitter (netem's <c>normal</c> table), cut at zero.</summary>
    Normal,
}

/// <summary>
/// Bursty loss as the Gilbert–Elliott model has it (netem's <c>loss gemodel p r 1-h 1-k</c>): a Good
/// and a Bad state; each packet first moves Good → Bad with probability <see cref="P"/> or Bad → Good
/// with <see cref="R"/>, then is lost with the state's loss probability.
/// </summary>
/// <param name="P">Probability of moving from Good to Bad, per packet.</param>
/// <param name="R">Probability of moving from Bad to Good, per packet.</param>
/// <param name="LossInBad">Loss probability in Bad (netem's 1 − h); 1 makes it the simple Gilbert model.</param>
/// <param name="LossInGood">Loss probability in Good (netem's 1 − k).</param>
public readonly record struct GilbertElliott(double P, double R, double LossInBad = 1, double LossInGood = 0);

/// <summary>A span of simulated time in which a link direction carries nothing (a partition).</summary>
/// <param name="From">When it starts.</param>
/// <param name="Until">When it ends (exclusive).</param>
public readonly record struct Partition(TimeSpan From, TimeSpan Until);

/// <summary>
/// What one direction of a link does to the segments it carries, under the names Linux netem gives
/// its knobs (<c>delay … jitter … distribution</c>, <c>loss</c>, <c>loss gemodel</c>, <c>duplicate</c>,
/// <c>reorder</c>, <c>rate</c>, <c>limit</c>), plus an MTU and partitions. Applied in this order:
/// partition, MTU, loss, queue limit, then the delay (with jitter; a reordered segment skips it),
/// duplication last (the copy takes its own delay). Immutable; <c>with</c> makes a variant.
/// </summary>
public sealed record LinkConditions
{
    /// <summary>A link that loses nothing and delivers after 1 ms.</summary>
    public static LinkConditions Perfect { get; } = new();

    /// <summary>One-way delay (netem <c>delay</c>). Default 1 ms.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Delay variation (netem's second <c>delay</c> argument); zero for none.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>How the jitter is drawn.</summary>
    public JitterDistribution JitterDistribution { get; init; }

    /// <summary>Independent loss probability per segment (netem <c>loss random</c>).</summary>
    public double Loss { get; init; }

    /// <summary>Bursty loss instead of <see cref="Loss"/> (netem <c>loss gemodel</c>); null for none.</summary>
    public GilbertElliott? LossModel { get; init; }

    /// <summary>Probability that a segment is delivered twice (netem <c>duplicate</c>).</summary>
    public double Duplicate { get; init; }

    /// <summary>Probability that a segment is sent at once, without the delay, overtaking those before it (netem <c>reorder</c>).</summary>
    public double Reorder { get; init; }

    /// <summary>Bandwidth in bits per second (netem <c>rate</c>); zero for unlimited. Segments leave one after another.</summary>
    public long Rate { get; init; }

    /// <summary>Segments waiting to leave at most (netem <c>limit</c>, default 1000); more are dropped at the tail. Only with <see cref="Rate"/>.</summary>
    public int Limit { get; init; } = 1000;

    /// <summary>The largest IP packet carried, in bytes (20-byte IPv4 and TCP headers counted, options too); larger ones are dropped. Zero for no limit.</summary>
    public int Mtu { get; init; }

    /// <summary>Time spans in which nothing passes.</summary>
    public IReadOnlyList<Partition> Partitions { get; init; } = Array.Empty<Partition>();

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A probability outside [0, 1], a negative time, rate, limit or MTU.</exception>
    public void Validate()
    {
        static void Probability(double p, string name)
        {
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"{name} must be a probability in [0, 1].", name);
        }
        Probability(Loss, nameof(Loss));
        Probability(Duplicate, nameof(Duplicate));
        Probability(Reorder, nameof(Reorder));
        if (LossModel is GilbertElliott ge)
        {
            Probability(ge.P, "LossModel.P");
            Probability(ge.R, "LossModel.R");
            Probability(ge.LossInBad, "LossModel.LossInBad");
            Probability(ge.LossInGood, "LossModel.LossInGood");
        }
        if (Delay < TimeSpan.Zero || Jitter < TimeSpan.Zero) throw new ArgumentException("Delays cannot be negative.", nameof(Delay));
        if (Rate < 0 || Limit < 1 || Mtu < 0) throw new ArgumentException("Rate and MTU cannot be negative, and the limit is at least 1.", nameof(Rate));
        ArgumentNullException.ThrowIfNull(Partitions, nameof(Partitions));
        foreach (Partition p in Partitions)
            if (p.Until < p.From) throw new ArgumentException("A partition ends after it starts.", nameof(Partitions));
    }
}
