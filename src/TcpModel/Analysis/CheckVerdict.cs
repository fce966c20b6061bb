namespace TcpModel.Analysis;

/// <summary>What <see cref="CaptureChecker"/> concludes about one captured connection.</summary>
public enum CheckVerdict : byte
{
    /// <summary>Every segment could have come from a conforming TCP and the connection ended (both ends CLOSED or TIME-WAIT).</summary>
    Valid = 0,
    /// <summary>Nothing wrong was seen, but the capture stops before the connection ended.</summary>
    Incomplete,
    /// <summary>A segment no conforming TCP could have sent (see <see cref="ConnectionCheck.ViolationFrame"/>).</summary>
    Invalid,
}
