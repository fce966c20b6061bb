using System;
using System.Collections.Generic;
using System.Numerics;

namespace TcpModel.Transcripts;

/// <summary>
/// Where a parsed step was written and what the student wrote of it: the position of every field,
/// which control bits and numbers were stated and which were left out, the state mentions and the
/// comments, exactly as written. A grader points at these when it judges each stated field.
/// </summary>
/// <remarks>
/// <para>Only <see cref="TranscriptParser"/> creates it (<see cref="TranscriptStep.Source"/>); a step
/// built in code has none. It is not part of the step's equality. Every position is on
/// <see cref="Line"/>, at the first character of what it locates, counted as
/// <see cref="TranscriptParseError.Column"/> counts (a Chinese character is one column; backticks
/// and <c>**</c> around a field are not part of it). A field that was not written has
/// <see cref="TranscriptPosition.Unknown"/>.</para>
/// <para>A <c>[SYN, ACK]</c> list names exactly the control bits that are set, so it writes all
/// eight: <see cref="FlagsWritten"/> has every bit, a named bit is at its name and the others are at
/// the list's <c>[</c>. <c>ACK=0</c> writes ACK; a bit not mentioned at all is not written (its
/// value in <see cref="TranscriptStep.Segment"/> is 0 by default).</para>
/// Immutable; thread-safe.
/// </remarks>
public sealed class TranscriptStepSource
{
    private const TcpFlags AllFlags = (TcpFlags)0xFF;

    private readonly TranscriptPosition[] _flags; // indexed by bit number

    internal TranscriptStepSource(int line, TranscriptPosition direction, TcpFlags flagsWritten, TranscriptPosition[] flags, TranscriptPosition flagList,
        TranscriptPosition seq, TranscriptPosition ackNumber, TranscriptPosition length, TranscriptPosition rule,
        TranscriptStateMention[] states, TranscriptComment[] comments)
    {
        Line = line;
        Direction = direction;
        FlagsWritten = flagsWritten;
        _flags = flags;
        FlagList = flagList;
        Seq = seq;
        AckNumber = ackNumber;
        Length = length;
        Rule = rule;
        States = states;
        Comments = comments;
    }

    /// <summary>The 1-based line of the row (a table row or a line of line notation).</summary>
    public int Line { get; }

    /// <summary>Where the direction starts (its sender, <c>客户端</c> of <c>客户端 → 服务端</c>).</summary>
    public TranscriptPosition Direction { get; }

    /// <summary>
    /// The control bits the row states, set or not: <c>SYN=1, ACK=0</c> writes SYN and ACK; a
    /// <c>[..]</c> list writes all eight. A bit outside this mask was left out.
    /// </summary>
    public TcpFlags FlagsWritten { get; }

    /// <summary>Where the <c>[</c> of a control-bit list is; unknown when the bits are written as <c>NAME=0/1</c>.</summary>
    public TranscriptPosition FlagList { get; }

    /// <summary>Where the sequence number's value starts (the <c>x</c> of <c>seq=x</c>).</summary>
    public TranscriptPosition Seq { get; }

    /// <summary>Where the acknowledgment number's value starts (the <c>x+1</c> of <c>ack=x+1</c>); unknown when not written.</summary>
    public TranscriptPosition AckNumber { get; }

    /// <summary>Whether the acknowledgment number was written.</summary>
    public bool AckNumberWritten => AckNumber.IsKnown;

    /// <summary>Where the payload length is: the value of <c>len=100</c>, or the phrase <c>无数据</c> / <c>no data</c>; unknown when not written (<c>可携带数据</c> states none).</summary>
    public TranscriptPosition Length { get; }

    /// <summary>Whether the payload length was written (<c>len=...</c>, <c>无数据</c>, <c>no data</c>).</summary>
    public bool LengthWritten => Length.IsKnown;

    /// <summary>Where the rule name is; unknown when none was written.</summary>
    public TranscriptPosition Rule { get; }

    /// <summary>
    /// The state mentions of the row exactly as written, in order: one per side named, so
    /// <c>双方进入 ESTABLISHED</c> gives two. They are not the states after the step (see
    /// <see cref="TranscriptStateMention"/>).
    /// </summary>
    public IReadOnlyList<TranscriptStateMention> States { get; }

    /// <summary>The comments in parentheses of the fields, state and rule cells, in order.</summary>
    public IReadOnlyList<TranscriptComment> Comments { get; }

    /// <summary>Where the control bit <paramref name="flag"/> is written; unknown when it is not in <see cref="FlagsWritten"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="flag"/> is not exactly one control bit.</exception>
    [Pure]
    public TranscriptPosition FlagPosition(TcpFlags flag)
    {
        if (!BitOperations.IsPow2((uint)flag)) throw new ArgumentException("Expected exactly one control bit.", nameof(flag));
        return _flags[BitOperations.TrailingZeroCount((uint)flag)];
    }

    /// <summary>
    /// Where <paramref name="field"/> is written: the properties above by name, a control bit as
    /// <see cref="FlagPosition"/>, <see cref="TcpField.State"/> as the first state mention;
    /// unknown when it was not written (and for <see cref="TcpField.None"/>).
    /// </summary>
    [Pure]
    public TranscriptPosition Position(TcpField field) => field switch
    {
        TcpField.Direction => Direction,
        TcpField.FlagList => FlagList,
        TcpField.Seq => Seq,
        TcpField.Ack => AckNumber,
        TcpField.Length => Length,
        TcpField.Rule => Rule,
        TcpField.State => States.Count > 0 ? States[0].Position : TranscriptPosition.Unknown,
        _ when ToFlag(field) is TcpFlags flag and not TcpFlags.None => FlagPosition(flag),
        _ => TranscriptPosition.Unknown,
    };

    /// <summary>The control bit a field names, or <see cref="TcpFlags.None"/>.</summary>
    internal static TcpFlags ToFlag(TcpField field) => field switch
    {
        TcpField.Syn => TcpFlags.Syn,
        TcpField.AckFlag => TcpFlags.Ack,
        TcpField.Fin => TcpFlags.Fin,
        TcpField.Rst => TcpFlags.Rst,
        TcpField.Psh => TcpFlags.Psh,
        TcpField.Urg => TcpFlags.Urg,
        TcpField.Ece => TcpFlags.Ece,
        TcpField.Cwr => TcpFlags.Cwr,
        _ => TcpFlags.None,
    };

    /// <summary>The field that names a control bit.</summary>
    internal static TcpField FromFlag(TcpFlags flag) => flag switch
    {
        TcpFlags.Syn => TcpField.Syn,
        TcpFlags.Ack => TcpField.AckFlag,
        TcpFlags.Fin => TcpField.Fin,
        TcpFlags.Rst => TcpField.Rst,
        TcpFlags.Psh => TcpField.Psh,
        TcpFlags.Urg => TcpField.Urg,
        TcpFlags.Ece => TcpField.Ece,
        TcpFlags.Cwr => TcpField.Cwr,
        _ => TcpField.None,
    };

    /// <summary>Collects what one row wrote while the parser reads it (one builder per row).</summary>
    internal sealed class Builder
    {
        private readonly TranscriptPosition[] _flags = new TranscriptPosition[8];
        private readonly List<TranscriptStateMention> _states = new();
        private readonly List<TranscriptComment> _comments = new();
        private TcpFlags _written;
        private TranscriptPosition _flagList;

        public Builder(int line) => Line = line;

        public int Line { get; }

        public TranscriptPosition Direction { get; set; }

        public TranscriptPosition Seq { get; set; }

        public TranscriptPosition AckNumber { get; set; }

        public TranscriptPosition Length { get; set; }

        public TranscriptPosition Rule { get; set; }

        public TranscriptPosition At(int column) => new(Line, column);

        /// <summary>A control bit written as <c>NAME=0/1</c> or named in a list.</summary>
        public void Flag(TcpFlags flag, int column)
        {
            _written |= flag;
            _flags[BitOperations.TrailingZeroCount((uint)flag)] = At(column);
        }

        /// <summary>A <c>[..]</c> list: it writes all eight bits.</summary>
        public void FlagList(int column)
        {
            if (!_flagList.IsKnown) _flagList = At(column);
        }

        public void State(TranscriptStateMention mention) => _states.Add(mention);

        public void Comment(TranscriptComment comment) => _comments.Add(comment);

        public TranscriptStepSource Build()
        {
            var flags = (TranscriptPosition[])_flags.Clone();
            TcpFlags written = _written;
            if (_flagList.IsKnown)
            {
                written = AllFlags;
                for (int b = 0; b < flags.Length; b++)
                    if (!flags[b].IsKnown) flags[b] = _flagList;
            }
            return new TranscriptStepSource(Line, Direction, written, flags, _flagList, Seq, AckNumber, Length, Rule, _states.ToArray(), _comments.ToArray());
        }
    }
}
