namespace TcpModel.Wire;

/// <summary>TCP option kinds this library interprets (IANA "TCP Option Kind Numbers"). Other kinds are kept as kind and length.</summary>
public enum TcpOptionKind : byte
{
    /// <summary>End of Option List (RFC 9293 §3.2): one byte, the rest of the header is padding.</summary>
    EndOfOptionList = 0,
    /// <summary>No-Operation (RFC 9293 §3.2): one byte, used for alignment.</summary>
    NoOperation = 1,
    /// <summary>Maximum Segment Size (RFC 9293 §3.7.1): length 4, a 16-bit value.</summary>
    MaximumSegmentSize = 2,
    /// <summary>Window Scale (RFC 7323 §2.2): length 3, a shift count.</summary>
    WindowScale = 3,
    /// <summary>SACK-Permitted (RFC 2018 §2): length 2, SYN only.</summary>
    SackPermitted = 4,
    /// <summary>SACK (RFC 2018 §3): length 2 + 8·n, n left/right edge pairs.</summary>
    Sack = 5,
    /// <summary>Timestamps (RFC 7323 §3.2): length 10, TSval and TSecr.</summary>
    Timestamps = 8,
    /// <summary>TCP Fast Open cookie (RFC 7413 §4.1.1): length 2 (request) or 6 to 18 (a 4- to 16-byte cookie).</summary>
    FastOpenCookie = 34,
}
