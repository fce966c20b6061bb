namespace TcpModel.Wire;

/// <summary>
/// Why bytes could not be decoded. Paired with an offset in a <see cref="WireError"/>; a decoder
/// reports the first problem it meets and never throws on data.
/// </summary>
public enum WireErrorCode : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The buffer ends before a fixed-size field or header does.</summary>
    Truncated,

    /// <summary>The link-layer header names an IP version that does not match the packet's version nibble, or the version is neither 4 nor 6.</summary>
    IpVersionInvalid,

    /// <summary>IPv4 IHL is below 5 (RFC 791 §3.1).</summary>
    IPv4HeaderLengthInvalid,

    /// <summary>IPv4 total length is smaller than the header it must contain (RFC 791 §3.1).</summary>
    IPv4TotalLengthInvalid,

    /// <summary>An IPv6 extension header runs past the payload length or the captured bytes (RFC 8200 §4).</summary>
    IPv6ExtensionHeaderInvalid,

    /// <summary>TCP data offset is below 5 words (RFC 9293 §3.1).</summary>
    TcpDataOffsetTooSmall,

    /// <summary>TCP data offset points past the end of the segment (RFC 9293 §3.1).</summary>
    TcpDataOffsetPastEnd,

    /// <summary>A TCP option other than EOL or NOP has a length of 0 or 1 (RFC 9293 §3.2).</summary>
    TcpOptionLengthInvalid,

    /// <summary>A TCP option's length runs past the end of the TCP header (RFC 9293 §3.2).</summary>
    TcpOptionPastHeader,

    /// <summary>A known TCP option has a length its RFC does not allow (e.g. MSS not 4, RFC 9293 §3.2).</summary>
    TcpOptionBadLength,

    /// <summary>The TCP checksum does not match the segment and its pseudo-header (RFC 9293 §3.1).</summary>
    TcpBadChecksum,

    /// <summary>The stream does not start with a pcap or pcapng magic number.</summary>
    CaptureUnknownFormat,

    /// <summary>The capture file ends in the middle of a header, record or block.</summary>
    CaptureTruncated,

    /// <summary>A pcapng block length is below 12, not a multiple of 4, or disagrees with its trailing copy; or a pcap record is longer than the reader accepts.</summary>
    CaptureBlockLengthInvalid,

    /// <summary>A pcapng packet block names an interface that no Interface Description Block declared.</summary>
    CaptureUnknownInterface,

    /// <summary>A pcapng block's fields do not fit inside the block.</summary>
    CaptureBlockMalformed,
}
