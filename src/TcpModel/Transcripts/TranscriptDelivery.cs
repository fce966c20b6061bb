namespace TcpModel.Transcripts;

/// <summary>
/// What happened to a step's segment. Most steps are <see cref="Delivered"/>: sent and received in
/// the same step. Crossing segments (simultaneous open and close), delayed and old duplicate
/// segments and losses need the others, as RFC 9293's figures mark them with "...".
/// </summary>
public enum TranscriptDelivery : byte
{
    /// <summary>Sent and received in this step.</summary>
    Delivered = 0,
    /// <summary>Sent in this step; it arrives in a later step (<see cref="Arrived"/>). The receiver's state does not change here.</summary>
    Sent,
    /// <summary>Arrives in this step: sent in an earlier step, or an old duplicate from the network. The sender's state does not change here.</summary>
    Arrived,
    /// <summary>Sent in this step and lost by the network.</summary>
    Lost,
}
