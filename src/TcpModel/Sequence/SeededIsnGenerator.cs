using System;

namespace TcpModel;

/// <summary>
/// A seedable, deterministic source of ISNs for tests and reproducible simulations (SplitMix64).
/// Each value is a generator: <see cref="Next(out SeqNum)"/> returns the ISN and the generator to
/// use for the next one, so a run replays exactly from its seed.
/// </summary>
/// <remarks>Not for production: the values are predictable by design. Immutable value type; thread-safe.</remarks>
public readonly struct SeededIsnGenerator : IEquatable<SeededIsnGenerator>
{
    private readonly ulong _state;

    /// <summary>A generator starting from <paramref name="seed"/>.</summary>
    public SeededIsnGenerator(ulong seed) => _state = seed;

    /// <summary>The next ISN and the generator that follows it.</summary>
    [Pure]
    public SeededIsnGenerator Next(out SeqNum isn)
    {
        ulong state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        ulong z = state;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        isn = new SeqNum((uint)(z >> 32));
        return new SeededIsnGenerator(state);
    }

    /// <inheritdoc />
    public bool Equals(SeededIsnGenerator other) => _state == other._state;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SeededIsnGenerator other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _state.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(SeededIsnGenerator a, SeededIsnGenerator b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SeededIsnGenerator a, SeededIsnGenerator b) => !a.Equals(b);

    /// <summary>The generator's position.</summary>
    public override string ToString() => $"SeededIsnGenerator(state={_state:x16})";
}
