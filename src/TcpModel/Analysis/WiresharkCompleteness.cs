namespace TcpModel.Analysis;

/// <summary>
/// Wireshark's <c>tcp.completeness</c> of a conversation: the bits 1 SYN, 2 SYN-ACK, 4 ACK, 8 DATA,
/// 16 FIN, 32 RST, accumulated over its packets. The rules are the ones tshark 4.0.17 applies
/// (measured on the committed captures): a SYN sets 1 (and 8 when it carries data, as with TCP Fast
/// Open); a SYN+ACK sets 2 only; any other segment sets 8 when it carries data, else 4 when ACK is
/// set (RST+ACK and FIN+ACK included), plus 16 for FIN and 32 for RST.
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct WiresharkCompleteness
{
    /// <summary>A SYN was seen.</summary>
    public const int Syn = 1;
    /// <summary>A SYN+ACK was seen.</summary>
    public const int SynAck = 2;
    /// <summary>An ACK without data was seen.</summary>
    public const int Ack = 4;
    /// <summary>Data was seen.</summary>
    public const int Data = 8;
    /// <summary>A FIN was seen.</summary>
    public const int Fin = 16;
    /// <summary>A RST was seen.</summary>
    public const int Rst = 32;

    private WiresharkCompleteness(int value) => Value = value;

    /// <summary>The bit value, 0–63, as tshark prints it with <c>-2</c>.</summary>
    public int Value { get; }

    /// <summary>The completeness after one more packet with these control bits and payload length.</summary>
    [Pure]
    public WiresharkCompleteness With(TcpFlags flags, int payloadLength)
    {
        int v = Value;
        if ((flags & TcpFlags.Syn) != 0)
        {
            if ((flags & TcpFlags.Ack) != 0) v |= SynAck;
            else
            {
                v |= Syn;
                if (payloadLength > 0) v |= Data;
            }
            if ((flags & TcpFlags.Rst) != 0) v |= Rst;
            return new WiresharkCompleteness(v);
        }
        if (payloadLength > 0) v |= Data;
        else if ((flags & TcpFlags.Ack) != 0) v |= Ack;
        if ((flags & TcpFlags.Fin) != 0) v |= Fin;
        if ((flags & TcpFlags.Rst) != 0) v |= Rst;
        return new WiresharkCompleteness(v);
    }

    /// <summary>The value in decimal.</summary>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
