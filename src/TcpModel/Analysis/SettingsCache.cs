using System;
using System.Collections.Generic;

namespace TcpModel.Analysis;

/// <summary>
/// The endpoint settings a capture's SYNs call for, made once per distinct SYN (MSS, window scale,
/// SACK-permitted, window) rather than per connection: settings are shared objects.
/// </summary>
internal sealed class SettingsCache
{
    private readonly Dictionary<(ushort Mss, int WindowScale, bool Sack, uint Window), TcpSettings> _fromSyn = new();

    public SettingsCache(TcpSettings baseSettings, TimingProfile timing = TimingProfile.Linux)
    {
        Base = baseSettings;
        Timing = timing;
        WithoutOptions = baseSettings with { WindowScale = -1, SackPermitted = false };
    }

    /// <summary>Whose timers the checker expects.</summary>
    public TimingProfile Timing { get; }

    /// <summary>The checker's settings.</summary>
    public TcpSettings Base { get; }

    /// <summary>The settings of an endpoint whose SYN was not seen: no options offered.</summary>
    public TcpSettings WithoutOptions { get; }

    /// <summary>The settings that make the model send the options <paramref name="syn"/> carries.</summary>
    public TcpSettings FromSyn(in TcpSegment syn)
    {
        TcpOptions o = syn.Options;
        var key = (o.HasMss && o.Mss > 0 ? o.Mss : (ushort)0, o.HasWindowScale ? Math.Min((int)o.WindowScale, 14) : -1, o.SackPermitted, Math.Max((uint)syn.Window, 1u));
        if (_fromSyn.TryGetValue(key, out TcpSettings? s)) return s;
        // An MSS of 0 on the wire is ignored, not an error.
        s = Base with { Mss = key.Item1 > 0 ? key.Item1 : Base.Mss, WindowScale = key.Item2, SackPermitted = key.Item3, ReceiveWindow = key.Item4 };
        if (_fromSyn.Count < 1024) _fromSyn[key] = s; // bounded: a capture of random SYNs does not grow it
        return s;
    }
}
