using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using TcpModel.Transcripts;

namespace TcpModel.Tests.Transcripts;

/// <summary>Generators of transcripts covering every field a renderer writes (the narrow domain generated directly).</summary>
public static class TranscriptArbitraries
{
    private static readonly string[] Words = ["资源释放", "a|b", "back\\slash", "quote\"d", "x y", "semi;colon", "客户端关闭发送通道", "(paren)"];
    private static readonly string[] Titles = ["三次握手", "Four-way teardown", "Data transfer", "模拟 1"];

    public static Gen<SeqExpr> Expr { get; } = Gen.OneOf(
        Gen.Choose(0, int.MaxValue).Select(n => SeqExpr.Number((uint)n * 2u + 1u)),
        Gen.Elements(0u, 1u, uint.MaxValue).Select(n => SeqExpr.Number(n)),
        from c in Gen.Elements('x', 'y', 'u', 'v', 'w')
        from o in Gen.Choose(-20, 3000)
        select SeqExpr.Symbolic(c, o));

    public static Gen<SeqExpr> NumericExpr { get; } = Gen.Choose(int.MinValue, int.MaxValue).Select(n => SeqExpr.Number(unchecked((uint)n)));

    private static Gen<TcpState> State { get; } = Gen.Elements(Enum.GetValues<TcpState>());

    private static Gen<TcpState?> MaybeState { get; } = Gen.Frequency((3, State.Select(s => (TcpState?)s)), (1, Gen.Constant((TcpState?)null)));

    private static Gen<string?> MaybeText(string[] pool) => Gen.Frequency((3, Gen.Constant((string?)null)), (1, Gen.Elements(pool).Select(s => (string?)s)));

    private static Gen<TranscriptStep> Step(Gen<SeqExpr> expr, bool timed) =>
        from sender in Gen.Elements(Side.Client, Side.Server)
        from flags in Gen.Choose(0, 255)
        from seq in expr
        from ack in expr
        from len in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 65535)))
        from client in MaybeState
        from server in MaybeState
        from rule in Gen.Elements(Enum.GetValues<TcpRule>())
        from notice in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 1023)))
        from note in MaybeText(Words)
        from ms in Gen.Choose(0, 300_000)
        from delivery in Gen.Frequency((4, Gen.Constant(TranscriptDelivery.Delivered)), (1, Gen.Elements(Enum.GetValues<TranscriptDelivery>())))
        select new TranscriptStep(sender, new TranscriptSegment((TcpFlags)flags, seq, ack, len), client, server, rule, (TcpNotice)notice, note,
            timed ? TimeSpan.FromMilliseconds(ms) : null, delivery);

    private static Gen<Transcript> Of(Gen<SeqExpr> expr) =>
        from timed in Gen.Elements(true, false)
        from n in Gen.Choose(1, 8)
        from steps in Step(expr, timed).ArrayOf(n)
        from initialClient in State
        from initialServer in State
        from title in MaybeText(Titles)
        select new Transcript(steps, initialClient, initialServer, title);

    /// <summary>Transcripts with symbolic and numeric values mixed.</summary>
    public static Arbitrary<Transcript> Transcript() => Of(Expr).ToArbitrary();

    /// <summary>Numeric transcripts (as a recorder produces them).</summary>
    public static Gen<Transcript> Numeric { get; } = Of(NumericExpr);
}
