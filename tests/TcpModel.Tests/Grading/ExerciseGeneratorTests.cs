using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TcpModel.Grading;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Grading;

/// <summary>
/// Generated exercises: reproducible from the seed, every key from the model and readable back by
/// the parser, every feature reachable, the question giving exactly the given values.
/// </summary>
public class ExerciseGeneratorTests
{
    private const int Seeds = 200;

    private static readonly ExerciseOptions[] Variants =
    [
        new() { Language = TranscriptLanguage.English, Style = SeqStyle.Symbolic },
        new() { Language = TranscriptLanguage.English, Style = SeqStyle.Numeric },
        new() { Language = TranscriptLanguage.Chinese, Style = SeqStyle.Symbolic },
        new() { Language = TranscriptLanguage.Chinese, Style = SeqStyle.Numeric },
    ];

    public static TheoryData<int> VariantIndexes() => new(Enumerable.Range(0, Variants.Length));

    private static IEnumerable<Exercise> All(ExerciseOptions? options = null) => Enumerable.Range(0, Seeds).Select(s => ExerciseGenerator.Generate(s, options));

    private static IReadOnlyList<Transcript> Parse(string markdown)
    {
        Assert.True(TranscriptParser.TryParse(markdown, out IReadOnlyList<Transcript> parsed, out var errors), markdown + "\n" + string.Join("\n", errors));
        return parsed;
    }

    private static Transcript Teardown(Exercise e) => e.KeySections[^1];

    [Theory]
    [MemberData(nameof(VariantIndexes))]
    public void SameSeed_GivesByteIdenticalQuestionAndKey(int variant)
    {
        foreach (int seed in new[] { 0, 1, 42, 199, 123456789, -7 })
        {
            Exercise a = ExerciseGenerator.Generate(seed, Variants[variant]), b = ExerciseGenerator.Generate(seed, Variants[variant]);
            Assert.Equal(a.QuestionMarkdown, b.QuestionMarkdown, StringComparer.Ordinal);
            Assert.Equal(a.KeyMarkdown, b.KeyMarkdown, StringComparer.Ordinal);
            Assert.Equal(a.Key, b.Key);
        }
    }

    [Fact]
    public void Seed42_IsPinned()
    {
        // Pins the generator: a change in the draws, their order or the PRNG shows here (and in the snapshots).
        // The values were computed independently from SplitMix64(42) in Python: no wrap (draw 3 of 10),
        // ISNs = draws 2 and 3 (high 32 bits) mod (2^32 - 2^16), data 1 + draw 7 mod 1000 on the handshake, server first.
        Exercise e = ExerciseGenerator.Generate(42);
        Assert.Equal((686809907u, 1196582743u), (e.ClientIsn.Value, e.ServerIsn.Value));
        Assert.Equal((558, Side.Server), (e.DataLength, e.Closer));
        Assert.Equal(ExerciseFeatures.DataOnHandshake | ExerciseFeatures.ServerClosesFirst, e.Features & (ExerciseFeatures.DataOnHandshake | ExerciseFeatures.ServerClosesFirst | ExerciseFeatures.WrapAround));
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentExercises()
    {
        List<Exercise> all = All().ToList();
        Assert.Equal(Seeds, all.Select(e => e.QuestionMarkdown).Distinct().Count());
        Assert.Equal(Seeds, all.Select(e => e.KeyMarkdown).Distinct().Count());
        // Not only the headline: the exchanges themselves differ (two seeds may share ISNs at the wrap point, not the whole exchange).
        Assert.Equal(Seeds, all.Select(e => e.Key).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(VariantIndexes))]
    public void Key_ParsesBackToTheModelsTranscript(int variant)
    {
        ExerciseOptions options = Variants[variant];
        foreach (Exercise e in All(options))
        {
            IReadOnlyList<Transcript> parsed = Parse(e.KeyMarkdown);
            if (options.Style == SeqStyle.Numeric)
            {
                Assert.Equal(e.KeySections, parsed);
                continue;
            }
            Assert.Equal(e.SymbolicKeySections, parsed);
            // Bound to the letters' numbers, the textbook form is the recorded exchange.
            IEnumerable<Transcript> bound = parsed.Select(t => Assert.IsType<Transcript>(t.TryBind(e.Bindings, out Transcript? b, out char missing) ? b : throw new Xunit.Sdk.XunitException("no value for " + missing)));
            Assert.Equal(e.KeySections, bound);
        }
    }

    [Fact]
    public void Key_IsTheSectionsInOrder_AndSymbolizesToTheSymbolicKey()
    {
        foreach (Exercise e in All().Take(50))
        {
            Assert.Equal(e.KeySections.SelectMany(t => t.Steps), e.Key.Steps);
            Assert.True(e.Key.IsNumeric);
            Assert.Equal(e.Key.Symbolize().Steps, e.SymbolicKey.Steps);
            Assert.Equal(e.SymbolicKey.Steps, e.SymbolicKeySections.SelectMany(t => t.Steps));
            Assert.Equal(e.ClientIsn, e.Bindings['x']);
            Assert.Equal(e.ServerIsn, e.Bindings['y']);
        }
    }

    [Fact]
    public void EveryKey_EndsInTimeWaitAndClosed_AndThenBothClosed()
    {
        foreach (Exercise e in All())
        {
            TranscriptStep last = Teardown(e).Steps[^1];
            Assert.Equal(e.Closer, e.TimeWaitSide);
            Assert.Equal(TcpState.TimeWait, last.After(e.Closer));
            Assert.Equal(TcpState.Closed, last.After(e.SecondCloser));
            Assert.Equal(TcpFlags.Ack, last.Segment.Flags);
            // The model, once 2·MSL has passed (RFC 9293 §3.10.8).
            Assert.Equal((TcpState.Closed, TcpState.Closed), (e.ClientEndState, e.ServerEndState));
            Assert.Equal(e.Settings.Msl * 2, e.TimeWait);
            Assert.Contains("RFC 9293 §3.10.8", e.KeyMarkdown);
        }
    }

    [Fact]
    public void EveryFeature_OccursAmongTheSeeds()
    {
        List<Exercise> all = All().ToList();
        foreach (ExerciseFeatures f in new[] { ExerciseFeatures.WrapAround, ExerciseFeatures.DataOnHandshake, ExerciseFeatures.ServerClosesFirst, ExerciseFeatures.HalfCloseData, ExerciseFeatures.Loss, ExerciseFeatures.ThreeSegmentClose })
        {
            int n = all.Count(e => (e.Features & f) != 0);
            Assert.True(n >= 10, f + " occurs in " + n + " of " + Seeds + " exercises");
            Assert.True(n <= Seeds - 10, f + " is missing from only " + (Seeds - n) + " exercises");
        }
        foreach (ExerciseLoss loss in new[] { ExerciseLoss.None, ExerciseLoss.Data, ExerciseLoss.FirstFin, ExerciseLoss.HalfCloseData, ExerciseLoss.SecondFin })
            Assert.Contains(all, e => e.Loss == loss);
        Assert.Contains(all, e => e.DataLength == 0);
        Assert.Contains(all, e => (e.Features & ExerciseFeatures.WrapAround) != 0 && e.Bindings['x'].Value + 1 == 0u); // x+1 wraps to 0
    }

    [Fact]
    public void WrapAround_HasAnIsnNearTwoToThe32_AndAValueBelowIt()
    {
        foreach (Exercise e in All().Where(e => (e.Features & ExerciseFeatures.WrapAround) != 0))
        {
            Assert.True(e.ClientIsn.Value >= 4294965000u || e.ServerIsn.Value >= 4294965000u, e.ClientIsn + " " + e.ServerIsn);
            uint Isn(Side side) => (side == Side.Client ? e.ClientIsn : e.ServerIsn).Value;
            // A sequence number in its sender's space, or an acknowledgment in its receiver's, past 2^32 - 1.
            Assert.Contains(e.Key.Steps, s => s.Segment.Seq.Value.Value < Isn(s.Sender) || (s.Segment.HasAck && s.Segment.Ack.Value.Value < Isn(s.Receiver)));
        }
        foreach (Exercise e in All(new ExerciseOptions { Features = ExerciseFeatures.All & ~ExerciseFeatures.WrapAround }))
        {
            Assert.True(e.ClientIsn.Value < 4294901760u && e.ServerIsn.Value < 4294901760u);
            Assert.Equal(ExerciseFeatures.None, e.Features & ExerciseFeatures.WrapAround);
        }
    }

    [Fact]
    public void Loss_IsOneLostSegment_ResentUnchangedByTheRetransmissionTimer()
    {
        foreach (Exercise e in All().Where(e => e.Loss != ExerciseLoss.None))
        {
            TranscriptStep[] steps = e.Key.Steps.ToArray();
            int lost = Assert.Single(Enumerable.Range(0, steps.Length), i => steps[i].Delivery == TranscriptDelivery.Lost);
            TranscriptStep resent = steps[lost + 1];
            Assert.Equal(steps[lost].Sender, resent.Sender);
            Assert.Equal(steps[lost].Segment, resent.Segment); // same sequence number, same flags, same data (RFC 6298 §5)
            Assert.Equal(TcpSettings.Rfc9293.InitialRto, e.RetransmissionDelay); // RFC 6298 §2.1: 1 s
            Assert.Equal(TcpSettings.Rfc9293.InitialRto, resent.Time - steps[lost].Time);
            TranscriptSegment s = steps[lost].Segment;
            switch (e.Loss)
            {
                case ExerciseLoss.Data: Assert.Equal(e.DataLength, s.PayloadLength); Assert.Equal(Side.Client, resent.Sender); break;
                case ExerciseLoss.HalfCloseData: Assert.Equal(e.HalfCloseDataLength, s.PayloadLength); Assert.Equal(e.SecondCloser, resent.Sender); break;
                case ExerciseLoss.FirstFin: Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, s.Flags); Assert.Equal(e.Closer, resent.Sender); break;
                default: Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, s.Flags); Assert.Equal(e.SecondCloser, resent.Sender); break;
            }
        }
        Assert.All(All(), e => Assert.Equal(e.Loss != ExerciseLoss.None, e.Key.Steps.Any(s => s.Delivery == TranscriptDelivery.Lost)));
    }

    [Fact]
    public void ThreeSegmentClose_IsFinFinAckAck_WithLinuxDelayedAcks()
    {
        foreach (Exercise e in All().Where(e => (e.Features & ExerciseFeatures.ThreeSegmentClose) != 0))
        {
            Assert.Equal(TcpSettings.Linux, e.Settings);
            Assert.Equal(0, e.HalfCloseDataLength);
            var delivered = Teardown(e).Steps.Where(s => s.Delivery == TranscriptDelivery.Delivered).ToList();
            Assert.Equal(new[] { e.Closer, e.SecondCloser, e.Closer }, delivered.Select(s => s.Sender));
            Assert.Equal(new[] { TcpFlags.Fin | TcpFlags.Ack, TcpFlags.Fin | TcpFlags.Ack, TcpFlags.Ack }, delivered.Select(s => s.Segment.Flags));
            Assert.False(e.Bindings.ContainsKey('v')); // the other side's first segment is its FIN: no v (Transcript.Symbolize)
        }
        foreach (Exercise e in All().Where(e => (e.Features & ExerciseFeatures.ThreeSegmentClose) == 0))
        {
            Assert.Equal(TcpSettings.Rfc9293, e.Settings);
            Assert.True(e.Bindings.ContainsKey('v'));
        }
    }

    [Fact]
    public void HalfCloseData_IsSentInCloseWait_SoWIsVPlusItsLength()
    {
        foreach (Exercise e in All().Where(e => (e.Features & ExerciseFeatures.HalfCloseData) != 0))
        {
            Transcript t = Teardown(e);
            int data = Enumerable.Range(0, t.Steps.Count).First(i => t.Steps[i].Segment.PayloadLength > 0);
            Assert.Equal(e.SecondCloser, t.Steps[data].Sender);
            Assert.Equal(e.HalfCloseDataLength, t.Steps[data].Segment.PayloadLength);
            Assert.Equal(TcpState.CloseWait, t.Before(data, e.SecondCloser));
            Assert.Equal(e.Bindings['v'].Plus(e.HalfCloseDataLength), e.Bindings['w']);
        }
    }

    [Fact]
    public void ServerClosesFirst_SendsTheFirstFin()
    {
        foreach (Exercise e in All())
        {
            TranscriptStep fin = e.Key.Steps.First(s => (s.Segment.Flags & TcpFlags.Fin) != 0);
            Assert.Equal((e.Features & ExerciseFeatures.ServerClosesFirst) != 0 ? Side.Server : Side.Client, fin.Sender);
            Assert.Equal(e.Closer, fin.Sender);
        }
    }

    [Fact]
    public void DataOnHandshake_RidesOnTheThirdSegment()
    {
        foreach (Exercise e in All().Where(e => e.DataLength > 0))
        {
            bool onHandshake = (e.Features & ExerciseFeatures.DataOnHandshake) != 0;
            TranscriptSegment third = e.KeySections[0].Steps[2].Segment;
            Assert.Equal(onHandshake ? e.DataLength : 0, third.PayloadLength);
            Assert.Equal(onHandshake ? 2 : 3, e.KeySections.Count);
            Assert.Equal(1, e.Key.Steps.Count(s => s.Sender == Side.Client && s.Segment.PayloadLength == e.DataLength && s.Delivery == TranscriptDelivery.Delivered));
        }
    }

    [Fact]
    public void NoFeatures_GiveTheTextbookExchange()
    {
        foreach (Exercise e in All(new ExerciseOptions { Features = ExerciseFeatures.None }))
        {
            Assert.Equal(ExerciseFeatures.None, e.Features);
            Assert.Equal((Side.Client, 0, ExerciseLoss.None), (e.Closer, e.HalfCloseDataLength, e.Loss));
            Assert.Equal(new[] { TcpFlags.Fin | TcpFlags.Ack, TcpFlags.Ack, TcpFlags.Fin | TcpFlags.Ack, TcpFlags.Ack }, Teardown(e).Steps.Select(s => s.Segment.Flags));
            Assert.DoesNotContain(e.KeySections, t => t.Steps.Any(s => s.Time is not null));
        }
    }

    [Fact]
    public void LeavingOutAFeature_ChangesOnlyThatFeature()
    {
        var noLoss = new ExerciseOptions { Features = ExerciseFeatures.All & ~ExerciseFeatures.Loss };
        foreach (int seed in Enumerable.Range(0, Seeds))
        {
            Exercise all = ExerciseGenerator.Generate(seed), without = ExerciseGenerator.Generate(seed, noLoss);
            Assert.Equal(ExerciseLoss.None, without.Loss);
            Assert.Equal(all.Features & ~ExerciseFeatures.Loss, without.Features);
            Assert.Equal((all.ClientIsn, all.ServerIsn, all.DataLength, all.Closer, all.HalfCloseDataLength), (without.ClientIsn, without.ServerIsn, without.DataLength, without.Closer, without.HalfCloseDataLength));
            if (all.Loss == ExerciseLoss.None) Assert.Equal(all.KeySections, without.KeySections);
        }
    }

    [Fact]
    public void MaxDataLength_BoundsBothDataLengths()
    {
        Assert.All(All(new ExerciseOptions { MaxDataLength = 0 }), e => Assert.Equal((0, 0), (e.DataLength, e.HalfCloseDataLength)));
        Assert.All(All(new ExerciseOptions { MaxDataLength = 5 }), e => Assert.True(e.DataLength <= 5 && e.HalfCloseDataLength <= 5));
        Assert.Contains(All(new ExerciseOptions { MaxDataLength = ExerciseOptions.MaxSegmentData }), e => e.DataLength > 1000);
    }

    [Fact]
    public void AnyFeatureSubsetAndDataLength_GivesAValidExercise()
    {
        // The generator's own checks (both ends CLOSED after 2·MSL, no crossing segments) hold for every combination.
        for (int seed = 0; seed < 1000; seed++)
        {
            var options = new ExerciseOptions { Features = (ExerciseFeatures)(seed % 64), MaxDataLength = seed * 7 % (ExerciseOptions.MaxSegmentData + 1) };
            Exercise e = ExerciseGenerator.Generate(seed * 7919, options);
            Assert.Equal(ExerciseFeatures.None, e.Features & ~options.Features);
            Assert.True(e.DataLength <= options.MaxDataLength && e.HalfCloseDataLength <= options.MaxDataLength);
            Assert.Equal((TcpState.Closed, TcpState.Closed), (e.ClientEndState, e.ServerEndState));
            Assert.DoesNotContain(e.Key.Steps, s => s.Delivery is TranscriptDelivery.Sent or TranscriptDelivery.Arrived);
        }
    }

    [Fact]
    public void BadOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExerciseGenerator.Generate(1, new ExerciseOptions { MaxDataLength = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExerciseGenerator.Generate(1, new ExerciseOptions { MaxDataLength = ExerciseOptions.MaxSegmentData + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExerciseGenerator.Generate(1, new ExerciseOptions { Features = (ExerciseFeatures)64 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExerciseGenerator.Generate(1, new ExerciseOptions { Language = (TranscriptLanguage)9 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExerciseGenerator.Generate(1, new ExerciseOptions { Style = (SeqStyle)9 }));
    }

    /// <summary>The rows of the question's tables, cell by cell.</summary>
    private static List<List<string[]>> QuestionTables(string markdown)
    {
        var tables = new List<List<string[]>>();
        List<string[]>? current = null;
        foreach (string line in markdown.Split('\n'))
        {
            if (!line.StartsWith('|')) { current = null; continue; }
            if (current is null) tables.Add(current = new List<string[]>());
            current.Add(line.Trim('|').Split('|').Select(c => c.Trim()).ToArray());
        }
        return tables.Select(t => t.Skip(2).ToList()).ToList(); // header and separator
    }

    [Theory]
    [MemberData(nameof(VariantIndexes))]
    public void Question_GivesTheGivenValues_AndLeavesTheAnswersBlank(int variant)
    {
        ExerciseOptions options = Variants[variant];
        bool zh = options.Language == TranscriptLanguage.Chinese;
        foreach (Exercise e in All(options))
        {
            string q = e.QuestionMarkdown;
            Assert.Contains("x = " + e.ClientIsn, q);
            Assert.Contains("y = " + e.ServerIsn, q);
            if (e.DataLength > 0) Assert.Contains(" " + e.DataLength + (zh ? " 字节" : " bytes"), q);
            if (e.HalfCloseDataLength > 0) Assert.Contains(" " + e.HalfCloseDataLength + (zh ? " 字节" : " bytes"), q);
            Assert.Contains(zh ? (e.Closer == Side.Client ? "客户端先关闭" : "服务端先关闭") : (e.Closer == Side.Client ? "The client closes first" : "The server closes first"), q);
            Assert.Equal(e.Loss != ExerciseLoss.None, q.Contains(zh ? "丢失" : " lost", StringComparison.Ordinal));

            // Only the ISNs are given as numbers; no ack, no state, no segment name.
            Assert.Equal(new[] { e.ClientIsn.Value, e.ServerIsn.Value }, Regex.Matches(q, @"seq=(\d+)").Select(m => uint.Parse(m.Groups[1].Value)));
            Assert.DoesNotContain("ESTABLISHED`", q);
            Assert.DoesNotContain("**", q);

            List<List<string[]>> tables = QuestionTables(q);
            Assert.All(tables.SelectMany(t => t), row => Assert.Contains("`ack=____`", row[^2]));
            Assert.Equal(e.KeySections.Select(t => t.Steps.Count), tables.Select(t => t.Count));
            for (int s = 0; s < tables.Count; s++)
                for (int i = 0; i < tables[s].Count; i++)
                {
                    string[] row = tables[s][i];
                    TranscriptStep step = e.KeySections[s].Steps[i];
                    Assert.Equal((i + 1).ToString(), row[0]);
                    Assert.Equal("", row[^1]); // the state change is the student's
                    Assert.Equal("____", row[^3]); // so is the segment's name
                    Assert.Contains("`len=" + step.Segment.PayloadLength + "`", row[^2]);
                    Assert.StartsWith(step.Sender == Side.Client ? (zh ? "客户端 → 服务端" : "Client → Server") : (zh ? "服务端 → 客户端" : "Server → Client"), row[^4]);
                }
        }
    }

    [Fact]
    public void QuestionAndKey_AskForTheStyleTheyAnswerIn()
    {
        Exercise symbolic = ExerciseGenerator.Generate(3), numeric = ExerciseGenerator.Generate(3, new ExerciseOptions { Style = SeqStyle.Numeric });
        Assert.Contains("textbook's letters", symbolic.QuestionMarkdown);
        Assert.Contains("seq=x+1", symbolic.KeyMarkdown);
        Assert.Contains("as numbers", numeric.QuestionMarkdown);
        Assert.DoesNotContain("x+1", numeric.KeyMarkdown);
        Assert.Contains("seq=" + (numeric.ClientIsn + 1), numeric.KeyMarkdown);
    }
}
