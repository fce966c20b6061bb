using BenchmarkDotNet.Attributes;
using TcpModel.Grading;

namespace TcpModel.Benchmarks;

/// <summary>Grading one submission, as a course's autograder does 300 times: parse, drive, judge, name, report.</summary>
[MemoryDiagnoser]
public class GradingBenchmarks
{
    private string _key = "";
    private string _wrong = "";

    [GlobalSetup]
    public void Setup()
    {
        _key = ExerciseGenerator.Generate(7).KeyMarkdown;
        _wrong = _key.Replace("`ack=x+1`", "`ack=x`");
    }

    /// <summary>A correct answer key (handshake, data, teardown tables).</summary>
    [Benchmark]
    public bool Grade_Correct() => TranscriptGrader.Grade(_key, GradeOptions.Default).IsCorrect;

    /// <summary>The same with one wrong field.</summary>
    [Benchmark]
    public int Grade_OneMistake() => TranscriptGrader.Grade(_wrong, GradeOptions.Default).Diagnostics.Count;
}
