using System;
using System.Globalization;
using FsCheck.Xunit;

namespace TcpModel.Tests;

/// <summary>
/// The soak switch: <c>TCPMODEL_PROPERTY_SCALE=N</c> runs every property with N times its cases and
/// fresh random seeds (the fixed <c>Replay</c> seeds are dropped); unset, CI's fixed-seed set runs as
/// written. FsCheck prints the seed of any failure ("Replay ..."): make it a fixed case.
/// </summary>
internal static class PropertyScale
{
    public static int Factor { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("TCPMODEL_PROPERTY_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 1 ? n : 1;

    public static int Scale(int maxTest) => (int)Math.Min(int.MaxValue, (long)Math.Max(maxTest, 100) * Factor);
}

/// <summary>A property that the soak switch scales (see <see cref="PropertyScale"/>); without its own MaxTest it takes its class's <see cref="ScaledPropertiesAttribute"/>.</summary>
public sealed class ScaledPropertyAttribute : PropertyAttribute
{
    /// <summary>Cases, times the scale.</summary>
    public new int MaxTest
    {
        get => base.MaxTest;
        set => base.MaxTest = PropertyScale.Factor > 1 ? PropertyScale.Scale(value) : value;
    }

    /// <summary>The fixed seed, dropped when scaled.</summary>
    public new string? Replay
    {
        get => base.Replay;
        set => base.Replay = PropertyScale.Factor > 1 ? null : value;
    }
}

/// <summary>Class-level property settings that the soak switch scales (see <see cref="PropertyScale"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ScaledPropertiesAttribute : PropertiesAttribute
{
    /// <summary>Defaults for the class's properties.</summary>
    public ScaledPropertiesAttribute()
    {
        if (PropertyScale.Factor > 1) base.MaxTest = PropertyScale.Scale(100);
    }

    /// <summary>Cases, times the scale.</summary>
    public new int MaxTest
    {
        get => base.MaxTest;
        set => base.MaxTest = PropertyScale.Factor > 1 ? PropertyScale.Scale(value) : value;
    }

    /// <summary>The fixed seed, dropped when scaled.</summary>
    public new string? Replay
    {
        get => base.Replay;
        set => base.Replay = PropertyScale.Factor > 1 ? null : value;
    }
}
