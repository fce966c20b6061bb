namespace TcpModel.Grading;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014):
/// the exercises' own generator, so that a seed gives the same exercise on every runtime
/// (<see cref="System.Random"/>'s algorithm is not part of its contract).
/// </summary>
/// <remarks>A mutable struct: keep it in a local and pass it by reference. Not thread-safe.</remarks>
internal struct ExerciseRandom
{
    private ulong _state;

    /// <summary>A generator whose state starts at the seed (sign-extended).</summary>
    public ExerciseRandom(int seed) => _state = unchecked((ulong)(long)seed);

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A number in [0, <paramref name="bound"/>) (modulo bias below 2^-40 for the bounds used here).</summary>
    public int Below(int bound) => (int)(Next() % (ulong)bound);

    /// <summary>A random 32-bit value.</summary>
    public uint NextUInt32() => (uint)(Next() >> 32);

    /// <summary>True with probability <paramref name="percent"/>/100.</summary>
    public bool Percent(int percent) => Below(100) < percent;
}
