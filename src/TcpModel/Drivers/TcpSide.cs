namespace TcpModel.Drivers;

/// <summary>One of the two endpoints of a <see cref="TcpPair"/>.</summary>
public enum TcpSide : byte
{
    /// <summary>Endpoint A (by convention the client, the active opener).</summary>
    A = 0,
    /// <summary>Endpoint B (by convention the server).</summary>
    B = 1,
}
