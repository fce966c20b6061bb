using System;

namespace TcpModel.Transcripts;

/// <summary>
/// A comment a student wrote in parentheses (ASCII or full-width), such as the <c>（随机初始序号）</c>
/// of <c>`seq=x`（随机初始序号）</c>: its text, where it is and the field it follows.
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TranscriptComment : IEquatable<TranscriptComment>
{
    /// <summary>Creates a comment.</summary>
    /// <param name="text">The text inside the parentheses, trimmed (nested parentheses are part of it).</param>
    /// <param name="position">Where the trimmed text starts (the opening parenthesis when it is empty).</param>
    /// <param name="follows">The nearest field written before the comment in the same cell.</param>
    public TranscriptComment(string text, TranscriptPosition position, TcpField follows)
    {
        _text = text;
        Position = position;
        Follows = follows;
    }

    private readonly string? _text;

    /// <summary>The text inside the parentheses, trimmed.</summary>
    public string Text => _text ?? string.Empty;

    /// <summary>Where <see cref="Text"/> starts (the opening parenthesis when it is empty).</summary>
    public TranscriptPosition Position { get; }

    /// <summary>
    /// The nearest field written before the comment in the same cell (in line notation: the same
    /// part between <c>;</c>): <see cref="TcpField.AckFlag"/> for <c>`ACK=0`（表示不捎带数据）</c>;
    /// <see cref="TcpField.None"/> when the comment opens its cell.
    /// </summary>
    public TcpField Follows { get; }

    /// <summary><c>3:40 after Seq: 随机初始序号</c>.</summary>
    public override string ToString() => Position + " after " + Follows + ": " + Text;

    /// <inheritdoc />
    public bool Equals(TranscriptComment other) => Text == other.Text && Position == other.Position && Follows == other.Follows;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TranscriptComment other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Text, Position, Follows);

    /// <summary>Equality.</summary>
    public static bool operator ==(TranscriptComment a, TranscriptComment b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TranscriptComment a, TranscriptComment b) => !a.Equals(b);
}
