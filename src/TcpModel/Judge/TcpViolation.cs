namespace TcpModel;

/// <summary>Why a segment could not have come from a conforming TCP in the sender's state.</summary>
public enum TcpViolation : byte
{
    /// <summary>No violation.</summary>
    None = 0,
    /// <summary>The sender has no connection that could send this (it only answers arriving segments with RST).</summary>
    NoConnection,
    /// <summary>ACK=0 after the first SYN: once a connection is synchronized, every segment carries ACK.</summary>
    MissingAck,
    /// <summary>SYN outside the opening of a connection, or from an endpoint already synchronized.</summary>
    UnexpectedSyn,
    /// <summary>A SYN or SYN,ACK sent again with a different ISN.</summary>
    IsnChanged,
    /// <summary>A combination of control bits no TCP builds (SYN with FIN or RST).</summary>
    ImpossibleFlags,
    /// <summary>The acknowledgment does not count the peer's SYN (ack = ISN instead of ISN + 1).</summary>
    AckDoesNotCountSyn,
    /// <summary>The acknowledgment does not count the peer's FIN (ack = the FIN's sequence number).</summary>
    AckDoesNotCountFin,
    /// <summary>The acknowledgment covers data the peer never sent (SEG.ACK &gt; RCV.NXT).</summary>
    AckOfUnsentData,
    /// <summary>The acknowledgment is older than what the sender has already received (strict judging only).</summary>
    StaleAck,
    /// <summary>The sequence number is neither SND.NXT nor a retransmission inside [SND.UNA, SND.NXT).</summary>
    SequenceMismatch,
    /// <summary>Data after the sender's own FIN.</summary>
    DataAfterFin,
    /// <summary>Data before the connection is established (other than TCP Fast Open on the SYN).</summary>
    DataBeforeEstablished,
    /// <summary>Data beyond the peer's advertised window (SND.UNA + SND.WND).</summary>
    DataBeyondWindow,
    /// <summary>A RST from a state in which ABORT sends none, or not at SND.NXT.</summary>
    UnexpectedReset,
    /// <summary>A FIN where the sender has none to send (its FIN went out already, or it is not at SND.NXT).</summary>
    UnexpectedFin,
    /// <summary>The payload length is not one the sender could send here.</summary>
    LengthMismatch,
    /// <summary>A field differs from every segment the sender could send here, in a way none of the other violations names.</summary>
    FieldMismatch,
}
