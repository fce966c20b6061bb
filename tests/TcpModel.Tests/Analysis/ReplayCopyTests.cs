using System;
using System.Linq;
using System.Reflection;
using TcpModel.Analysis;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>
/// The replay's second explanation is a copy of the replay (<c>ConnectionReplay.CopyJudgingFrom</c>, and
/// <c>End.CopyFrom</c> for each end): a field the copy forgets would make the second explanation start
/// from a replay that never was. Every field is set to a value other than its default, copied, and
/// compared; a field added later fails here until the copy copies it (or it is named as not judging).
/// </summary>
public class ReplayCopyTests
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private static readonly Type Replay = typeof(ConnectionReplay);
    private static readonly Type End = Replay.GetNestedType("End", BindingFlags.NonPublic)!;

    // Not part of the judging: the Zeek and Wireshark trackers (fed by Add, not by Observe), the
    // second explanation itself, the readings to try and the one taken, and per-attempt scratch.
    private static readonly string[] NotCopied =
    {
        "_zeek", "_zeekChecksums", "_zeekForked", "_completeness", "_badChecksums",
        "_spare", "_alive", "_isAlternative", "_age", "_forkSideAge", "_forkSide", "_readings", "_step", "_taken", "_preferred",
        "_heldUsed", "_attemptHeld", "_attemptHeldUsed", "_attemptHeldCount", "_attemptDrops", "_sent",
        "_a", "_b", // copied end by end, below
    };

    [Fact]
    public void AnEnd_IsCopiedField_ByField()
    {
        object source = Activator.CreateInstance(End, nonPublic: true)!, copy = Activator.CreateInstance(End, nonPublic: true)!;
        FieldInfo[] fields = End.GetFields(Instance);
        Assert.NotEmpty(fields);
        foreach (FieldInfo f in fields) f.SetValue(source, NonDefault(f.FieldType, f.Name));
        End.GetMethod("CopyFrom")!.Invoke(copy, new[] { source });
        foreach (FieldInfo f in fields) AssertSame(f, source, copy);
    }

    [Fact]
    public void TheReplay_IsCopied_ButForWhatIsNotJudging()
    {
        var source = new ConnectionReplay();
        var copy = new ConnectionReplay();
        FieldInfo[] fields = Replay.GetFields(Instance).Where(f => !NotCopied.Contains(f.Name)).ToArray();
        Assert.Contains(fields, f => f.Name == "_j");
        foreach (FieldInfo f in fields) f.SetValue(source, NonDefault(f.FieldType, f.Name));
        Replay.GetMethod("CopyJudgingFrom", Instance)!.Invoke(copy, new object[] { source });
        foreach (FieldInfo f in fields) AssertSame(f, source, copy);
        Assert.All(NotCopied, name => Assert.NotNull(Replay.GetField(name, Instance))); // the list names real fields
    }

    private static void AssertSame(FieldInfo f, object source, object copy)
    {
        object? a = f.GetValue(source), b = f.GetValue(copy);
        if (a is Array x)
        {
            var y = Assert.IsAssignableFrom<Array>(b);
            Assert.True(y.Length >= x.Length, f.Name);
            for (int i = 0; i < x.Length; i++) Assert.True(Equals(x.GetValue(i), y.GetValue(i)), $"{f.Name}[{i}]");
        }
        else Assert.True(Equals(a, b), f.Name);
    }

    /// <summary>A value of <paramref name="t"/> other than its default (a count 1, so that one array element is in use).</summary>
    private static object? NonDefault(Type t, string name)
    {
        if (t == typeof(bool)) return true;
        if (t.IsEnum) return Enum.ToObject(t, 1);
        if (t.IsPrimitive) return Convert.ChangeType(1, t);
        if (t == typeof(string)) return name;
        if (t == typeof(TcpSettings)) return TcpSettings.Linux;
        if (t == typeof(SettingsCache)) return new SettingsCache(TcpSettings.Linux);
        if (t.IsArray)
        {
            // Four elements (a queue's capacity is a power of two), the one in use set: the first, but
            // in the pending ring the one at its head (1).
            Array array = Array.CreateInstance(t.GetElementType()!, 4);
            int used = name == "_queue" ? 1 : 0;
            array.SetValue(NonDefault(t.GetElementType()!, name + "[0]"), used);
            return array;
        }
        if (!t.IsValueType) return null;
        object boxed = Activator.CreateInstance(t)!;
        foreach (FieldInfo f in t.GetFields(Instance))
            if (f.FieldType.IsValueType || f.FieldType == typeof(string)) f.SetValue(boxed, NonDefault(f.FieldType, f.Name));
        return boxed;
    }
}
