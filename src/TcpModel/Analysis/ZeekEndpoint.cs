namespace TcpModel.Analysis;

/// <summary>Zeek's TCP_Endpoint states (TCP_Endpoint.h), plus Unset for a default tracker.</summary>
internal enum ZeekEndpointState : byte
{
    Unset = 0,
    Inactive,
    SynSent,
    SynAckSent,
    Partial,
    Established,
    Closed,
    Reset,
}

/// <summary>The part of Zeek's TCP_Endpoint the history and conn_state depend on.</summary>
internal struct ZeekEndpoint
{
    public ZeekEndpointState State, PrevState;
    public uint Start, Last, AckSeq, FinEnd, GapEnd;
    public uint HistLastSyn, HistLastFin, HistLastRst;
    public int FinCount;
    public uint ChkCount, ChkThresh, RxmtCount, RxmtThresh, Win0Count, Win0Thresh, GapCount, GapThresh;

    public void Reset()
    {
        this = default;
        State = PrevState = ZeekEndpointState.Inactive;
        ChkThresh = RxmtThresh = Win0Thresh = GapThresh = 1;
    }

    public void Set(ZeekEndpointState s)
    {
        if (s == State) return;
        PrevState = State;
        State = s;
    }

    /// <summary>TCP_Endpoint::Size: payload bytes, from the highest sequence or acknowledgment seen.</summary>
    public readonly long Size(in ZeekEndpoint peer)
    {
        if (PrevState == ZeekEndpointState.SynSent && State == ZeekEndpointState.Reset && peer.State == ZeekEndpointState.Inactive)
            return 0;
        long last = unchecked((int)(Last - Start)), ack = unchecked((int)(AckSeq - Start));
        long size = last > ack ? last : ack;
        if (size > 0) size--;
        if (FinCount > 0 && size > 0) size--;
        return size < 0 ? 0 : size;
    }
}
