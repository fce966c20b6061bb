using TcpModel.Drivers;
using System.Collections.Generic;
using System;
using Xunit;
using static TcpModel.Tests.States;

namespace TcpModel.Tests.Connection;

/// <summary>RFC 9293 §3.10.1–§3.10.6: every user call in every state.</summary>
public class UserCallTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);

    public static TheoryData<TcpState, TcpError, TcpRule, TcpState> Opens => new()
    {
        { TcpState.Closed, TcpError.None, TcpRule.OpenActive, TcpState.SynSent },
        { TcpState.SynSent, TcpError.ConnectionAlreadyExists, TcpRule.OpenAlreadyExists, TcpState.SynSent },
        { TcpState.SynReceived, TcpError.ConnectionAlreadyExists, TcpRule.OpenAlreadyExists, TcpState.SynReceived },
        { TcpState.Established, TcpError.ConnectionAlreadyExists, TcpRule.OpenAlreadyExists, TcpState.Established },
        { TcpState.TimeWait, TcpError.ConnectionAlreadyExists, TcpRule.OpenAlreadyExists, TcpState.TimeWait },
    };

    [Theory]
    [MemberData(nameof(Opens))]
    public void OpenActive_InState(TcpState state, TcpError error, TcpRule rule, TcpState after)
    {
        TcpTransition t = InState(state).OpenActive(7u, Now);
        Assert.Equal(error, t.Error);
        Assert.Equal(rule, t.Rule);
        Assert.Equal(after, t.State);
    }

    [Fact]
    public void OpenActive_FromListenWithForeignSocket_BecomesActive()
    {
        TcpConnection listener = TcpConnection.Create(80, 40000, Fixtures.Rfc).OpenPassive(9u, Now).Connection;
        TcpTransition t = listener.OpenActive(9u, Now);
        Assert.Equal(TcpRule.OpenListenToActive, t.Rule);
        Assert.Equal(TcpState.SynSent, t.State);
        Fixtures.AssertSegment(t.Segments[0], TcpFlags.Syn, 9);
    }

    [Fact]
    public void OpenActive_WithoutForeignPort_IsForeignSocketUnspecified()
    {
        TcpTransition t = TcpConnection.Create(80, 0, Fixtures.Rfc).OpenActive(9u, Now);
        Assert.Equal(TcpError.ForeignSocketUnspecified, t.Error);
        Assert.Equal(TcpState.Closed, t.State);
        Assert.True(t.Segments.IsEmpty);
    }

    [Fact]
    public void OpenPassive_OnlyFromClosed()
    {
        Assert.Equal(TcpState.Listen, InState(TcpState.Closed).OpenPassive(1u, Now).State);
        Assert.Equal(TcpError.ConnectionAlreadyExists, InState(TcpState.Listen).OpenPassive(1u, Now).Error);
    }

    public static TheoryData<TcpState, TcpError, TcpRule, int> Sends => new()
    {
        { TcpState.Closed, TcpError.ConnectionDoesNotExist, TcpRule.SendNoConnection, 0 },
        { TcpState.Listen, TcpError.ForeignSocketUnspecified, TcpRule.SendListenUnspecified, 0 },
        { TcpState.SynSent, TcpError.None, TcpRule.SendQueued, 0 },
        { TcpState.SynReceived, TcpError.None, TcpRule.SendQueued, 0 },
        { TcpState.Established, TcpError.None, TcpRule.SendData, 1 },
        { TcpState.CloseWait, TcpError.None, TcpRule.SendData, 1 },
        { TcpState.FinWait1, TcpError.ConnectionClosing, TcpRule.SendClosing, 0 },
        { TcpState.FinWait2, TcpError.ConnectionClosing, TcpRule.SendClosing, 0 },
        { TcpState.Closing, TcpError.ConnectionClosing, TcpRule.SendClosing, 0 },
        { TcpState.LastAck, TcpError.ConnectionClosing, TcpRule.SendClosing, 0 },
        { TcpState.TimeWait, TcpError.ConnectionClosing, TcpRule.SendClosing, 0 },
    };

    [Theory]
    [MemberData(nameof(Sends))]
    public void Send_InState(TcpState state, TcpError error, TcpRule rule, int segments)
    {
        TcpConnection c = InState(state);
        TcpTransition t = c.Send(100, Now);
        Assert.Equal(error, t.Error);
        Assert.Equal(rule, t.Rule);
        Assert.Equal(state, t.State);
        Assert.Equal(segments, t.Segments.Count);
        if (segments == 1) Fixtures.AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value, 100);
        if (rule == TcpRule.SendQueued) Assert.Equal(100, t.Connection.SendQueued);
    }

    public static TheoryData<TcpState, TcpError, TcpRule> Receives => new()
    {
        { TcpState.Closed, TcpError.ConnectionDoesNotExist, TcpRule.ReceiveNoConnection },
        { TcpState.Listen, TcpError.None, TcpRule.ReceiveQueued },
        { TcpState.SynSent, TcpError.None, TcpRule.ReceiveQueued },
        { TcpState.SynReceived, TcpError.None, TcpRule.ReceiveQueued },
        { TcpState.Established, TcpError.None, TcpRule.ReceiveData },
        { TcpState.FinWait1, TcpError.None, TcpRule.ReceiveData },
        { TcpState.FinWait2, TcpError.None, TcpRule.ReceiveData },
        { TcpState.CloseWait, TcpError.ConnectionClosing, TcpRule.ReceiveClosing }, // nothing left to read
        { TcpState.Closing, TcpError.ConnectionClosing, TcpRule.ReceiveClosing },
        { TcpState.LastAck, TcpError.ConnectionClosing, TcpRule.ReceiveClosing },
        { TcpState.TimeWait, TcpError.ConnectionClosing, TcpRule.ReceiveClosing },
    };

    [Fact]
    public void Receive_InTimeWait_HandsOverTheDataThatCameWithTheFin()
    {
        // FIN-WAIT-2: the peer's last data and its FIN in one segment take A to TIME-WAIT at once.
        TcpPair p = Fixtures.Established(States.X, States.Y);
        p = p.Do(TcpSide.A, TcpEvent.Close()).Drain(new List<Delivered>());
        Assert.Equal(TcpState.FinWait2, p.A.State);
        TcpConnection a = p.A;
        var dataAndFin = new TcpSegment(a.RemotePort, a.LocalPort, a.RcvNxt, a.SndNxt, TcpFlags.Ack | TcpFlags.Psh | TcpFlags.Fin, 1000, 300);
        a = a.OnSegment(dataAndFin, Now).Connection;
        Assert.Equal((TcpState.TimeWait, 300u), (a.State, a.ReceiveQueued));

        TcpTransition read = a.Receive(1000, Now);
        Assert.Equal((TcpError.None, TcpRule.ReceiveData, 300), (read.Error, read.Rule, read.BytesAccepted));
        TcpTransition again = read.Connection.Receive(1000, Now);
        Assert.Equal((TcpError.ConnectionClosing, TcpRule.ReceiveClosing), (again.Error, again.Rule));
    }

    [Theory]
    [MemberData(nameof(Receives))]
    public void Receive_InState(TcpState state, TcpError error, TcpRule rule)
    {
        TcpTransition t = InState(state).Receive(100, Now);
        Assert.Equal(error, t.Error);
        Assert.Equal(rule, t.Rule);
        Assert.Equal(state, t.State);
    }

    public static TheoryData<TcpState, TcpError, TcpRule, TcpState, TcpFlags?> Closes => new()
    {
        { TcpState.Closed, TcpError.ConnectionDoesNotExist, TcpRule.CloseNoConnection, TcpState.Closed, null },
        { TcpState.Listen, TcpError.None, TcpRule.CloseListen, TcpState.Closed, null },
        { TcpState.SynSent, TcpError.None, TcpRule.CloseSynSent, TcpState.Closed, null },
        { TcpState.SynReceived, TcpError.None, TcpRule.CloseSendFin, TcpState.FinWait1, TcpFlags.Fin | TcpFlags.Ack },
        { TcpState.Established, TcpError.None, TcpRule.CloseSendFin, TcpState.FinWait1, TcpFlags.Fin | TcpFlags.Ack },
        { TcpState.CloseWait, TcpError.None, TcpRule.CloseFromCloseWait, TcpState.LastAck, TcpFlags.Fin | TcpFlags.Ack },
        { TcpState.FinWait1, TcpError.ConnectionClosing, TcpRule.CloseAlreadyClosing, TcpState.FinWait1, null },
        { TcpState.FinWait2, TcpError.ConnectionClosing, TcpRule.CloseAlreadyClosing, TcpState.FinWait2, null },
        { TcpState.Closing, TcpError.ConnectionClosing, TcpRule.CloseAlreadyClosing, TcpState.Closing, null },
        { TcpState.LastAck, TcpError.ConnectionClosing, TcpRule.CloseAlreadyClosing, TcpState.LastAck, null },
        { TcpState.TimeWait, TcpError.ConnectionClosing, TcpRule.CloseAlreadyClosing, TcpState.TimeWait, null },
    };

    [Theory]
    [MemberData(nameof(Closes))]
    public void Close_InState(TcpState state, TcpError error, TcpRule rule, TcpState after, TcpFlags? sent)
    {
        TcpConnection c = InState(state);
        TcpTransition t = c.Close(Now);
        Assert.Equal(error, t.Error);
        Assert.Equal(rule, t.Rule);
        Assert.Equal(after, t.State);
        if (sent is TcpFlags f)
        {
            Fixtures.AssertSegment(t.Segments[0], f, c.SndNxt.Value, c.RcvNxt.Value);
            Assert.Equal(c.SndNxt + 1, t.Connection.SndNxt); // the FIN occupies one sequence number
        }
        else Assert.True(t.Segments.IsEmpty);
    }

    [Fact]
    public void Close_InSynSent_WithQueuedData_AnswersErrorClosing()
    {
        TcpTransition t = InState(TcpState.SynSent).Send(10, Now).Connection.Close(Now);
        Assert.Equal(TcpError.Closing, t.Error);
        Assert.Equal(TcpState.Closed, t.State);
    }

    [Fact]
    public void Close_InEstablished_WithQueuedData_SendsFinAfterTheData()
    {
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.Send(0, Now).Connection.Close(Now);
        Assert.Equal(TcpState.FinWait1, t.State);
        // Queue data the window cannot take yet: the FIN waits behind it ("in any case, enter FIN-WAIT-1").
        TcpConnection tight = InState(TcpState.Established, Fixtures.Rfc with { Mss = 100 });
        TcpTransition big = tight.Send(1000, Now);
        Assert.Equal(4, big.Segments.Count); // the inline capacity: the rest goes when ACKs arrive
        TcpTransition close = big.Connection.Close(Now);
        Assert.Equal(TcpRule.CloseQueued, close.Rule);
        Assert.Equal(TcpState.FinWait1, close.State);
        Assert.True(close.Connection.IsFinPending);
        Assert.False(close.Connection.IsFinSent);
    }

    public static TheoryData<TcpState, TcpRule, bool> Aborts => new()
    {
        { TcpState.Listen, TcpRule.AbortUnsynchronized, false },
        { TcpState.SynSent, TcpRule.AbortUnsynchronized, false },
        { TcpState.SynReceived, TcpRule.AbortSendReset, true },
        { TcpState.Established, TcpRule.AbortSendReset, true },
        { TcpState.FinWait1, TcpRule.AbortSendReset, true },
        { TcpState.FinWait2, TcpRule.AbortSendReset, true },
        { TcpState.CloseWait, TcpRule.AbortSendReset, true },
        { TcpState.Closing, TcpRule.AbortClosingStates, false },
        { TcpState.LastAck, TcpRule.AbortClosingStates, false },
        { TcpState.TimeWait, TcpRule.AbortClosingStates, false },
    };

    [Theory]
    [MemberData(nameof(Aborts))]
    public void Abort_InState(TcpState state, TcpRule rule, bool sendsReset)
    {
        TcpConnection c = InState(state);
        TcpTransition t = c.Abort(Now);
        Assert.Equal(rule, t.Rule);
        Assert.Equal(TcpState.Closed, t.State);
        Assert.Null(t.Connection.NextDeadline);
        if (sendsReset)
        {
            TcpSegment rst = t.Segments[0];
            Assert.True(rst.IsRst);
            Assert.Equal(c.SndNxt, rst.Seq); // §3.10.5: <SEQ=SND.NXT><CTL=RST>
        }
        else Assert.True(t.Segments.IsEmpty);
    }

    [Fact]
    public void Abort_InClosed_IsConnectionDoesNotExist() =>
        Assert.Equal(TcpError.ConnectionDoesNotExist, InState(TcpState.Closed).Abort(Now).Error);

    [Theory]
    [InlineData(TcpState.Closed, TcpError.ConnectionDoesNotExist)]
    [InlineData(TcpState.Established, TcpError.None)]
    [InlineData(TcpState.TimeWait, TcpError.None)]
    public void Status_ChangesNothing(TcpState state, TcpError error)
    {
        TcpConnection c = InState(state);
        TcpTransition t = c.Status(Now);
        Assert.Equal(error, t.Error);
        Assert.Equal(TcpRule.Status, t.Rule);
        Assert.Equal(c, t.Connection);
    }

    [Fact]
    public void NegativeByteCounts_AreProgrammerErrors()
    {
        TcpConnection c = InState(TcpState.Established);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Send(-1, Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Receive(-1, Now));
    }

    [Fact]
    public void UnsetOrMissingSettings_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => TcpConnection.Create(1, 2, new TcpSettings()));
        Assert.Throws<ArgumentNullException>(() => TcpConnection.Create(1, 2, null!));
    }

    /// <summary>Settings are shared, not copied: every connection of a preset refers to one object.</summary>
    [Fact]
    public void Settings_AreSharedByReference()
    {
        TcpConnection a = TcpConnection.Create(1, 2, TcpSettings.Linux), b = TcpConnection.Create(3, 4, TcpSettings.Linux);
        Assert.Same(a.Settings, b.Settings);
        Assert.Same(TcpSettings.Rfc9293, TcpSettings.Rfc9293);
        Assert.Equal(TcpSettings.Rfc9293 with { Mss = 100 }, TcpSettings.Rfc9293 with { Mss = 100 }); // value equality
        Assert.NotNull(default(TcpConnection).Settings);
    }
}
