using System;

namespace TcpModel;

/// <summary>
/// The TCP options that matter to connection management: MSS (RFC 9293 §3.7.1), window scale and
/// timestamps (RFC 7323), SACK-permitted (RFC 2018). Each is either present or absent.
/// </summary>
/// <remarks>
/// SACK blocks, Fast Open cookies and unknown options are wire-level detail (see the
/// <c>TcpModel.Wire</c> layer); the connection model does not need them. Immutable value type; thread-safe.
/// </remarks>
public readonly struct TcpOptions : IEquatable<TcpOptions>
{
    [Flags]
    private enum Present : byte
    {
        None = 0,
        Mss = 1,
        WindowScale = 2,
        SackPermitted = 4,
        Timestamps = 8,
    }

    private readonly Present _present;
    private readonly ushort _mss;
    private readonly byte _windowScale;
    private readonly uint _tsVal;
    private readonly uint _tsEcr;

    private TcpOptions(Present present, ushort mss, byte windowScale, uint tsVal, uint tsEcr)
    {
        _present = present;
        _mss = mss;
        _windowScale = windowScale;
        _tsVal = tsVal;
        _tsEcr = tsEcr;
    }

    /// <summary>No options.</summary>
    public static TcpOptions None => default;

    /// <summary>Whether any option is present.</summary>
    public bool IsEmpty => _present == Present.None;

    /// <summary>Whether the Maximum Segment Size option is present.</summary>
    public bool HasMss => (_present & Present.Mss) != 0;

    /// <summary>The MSS value; meaningful only when <see cref="HasMss"/>.</summary>
    public ushort Mss => _mss;

    /// <summary>Whether the Window Scale option is present (RFC 7323 §2).</summary>
    public bool HasWindowScale => (_present & Present.WindowScale) != 0;

    /// <summary>The shift count; meaningful only when <see cref="HasWindowScale"/>.</summary>
    public byte WindowScale => _windowScale;

    /// <summary>Whether the SACK-permitted option is present (RFC 2018).</summary>
    public bool SackPermitted => (_present & Present.SackPermitted) != 0;

    /// <summary>Whether the Timestamps option is present (RFC 7323 §3).</summary>
    public bool HasTimestamps => (_present & Present.Timestamps) != 0;

    /// <summary>TSval; meaningful only when <see cref="HasTimestamps"/>.</summary>
    public uint TsVal => _tsVal;

    /// <summary>TSecr; meaningful only when <see cref="HasTimestamps"/>.</summary>
    public uint TsEcr => _tsEcr;

    /// <summary>A copy with the MSS option set.</summary>
    [Pure]
    public TcpOptions WithMss(ushort mss) => new(_present | Present.Mss, mss, _windowScale, _tsVal, _tsEcr);

    /// <summary>A copy with the Window Scale option set. RFC 7323 §2.3 caps the shift at 14.</summary>
    [Pure]
    public TcpOptions WithWindowScale(byte shift) => new(_present | Present.WindowScale, _mss, shift, _tsVal, _tsEcr);

    /// <summary>A copy with SACK-permitted set.</summary>
    [Pure]
    public TcpOptions WithSackPermitted() => new(_present | Present.SackPermitted, _mss, _windowScale, _tsVal, _tsEcr);

    /// <summary>A copy with the Timestamps option set.</summary>
    [Pure]
    public TcpOptions WithTimestamps(uint tsVal, uint tsEcr) => new(_present | Present.Timestamps, _mss, _windowScale, tsVal, tsEcr);

    /// <inheritdoc />
    public bool Equals(TcpOptions other) =>
        _present == other._present
        && (!HasMss || _mss == other._mss)
        && (!HasWindowScale || _windowScale == other._windowScale)
        && (!HasTimestamps || (_tsVal == other._tsVal && _tsEcr == other._tsEcr));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TcpOptions other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_present, HasMss ? _mss : 0, HasWindowScale ? _windowScale : 0, HasTimestamps ? _tsVal : 0);

    /// <summary>Equality.</summary>
    public static bool operator ==(TcpOptions a, TcpOptions b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TcpOptions a, TcpOptions b) => !a.Equals(b);

    /// <summary>A compact form such as <c>mss=1460,wscale=7,sackOK,TS=1/0</c>; empty when none.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        if (HasMss) sb.Append("mss=").Append(_mss);
        if (HasWindowScale) sb.Append(sb.Length > 0 ? "," : "").Append("wscale=").Append(_windowScale);
        if (SackPermitted) sb.Append(sb.Length > 0 ? "," : "").Append("sackOK");
        if (HasTimestamps) sb.Append(sb.Length > 0 ? "," : "").Append("TS=").Append(_tsVal).Append('/').Append(_tsEcr);
        return sb.ToString();
    }
}
