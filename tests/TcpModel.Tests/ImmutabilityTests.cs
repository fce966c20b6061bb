using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace TcpModel.Tests;

/// <summary>Cheap insurance for "immutable values" (after NodaTime's MutabilityTest).</summary>
public class ImmutabilityTests
{
    [Fact]
    public void EveryPublicStruct_IsReadOnly_ExceptEnumerators()
    {
        Type[] structs = typeof(TcpConnection).Assembly.GetExportedTypes()
            .Where(t => t.IsValueType && !t.IsEnum && !t.Name.EndsWith("Enumerator", StringComparison.Ordinal) && !t.IsByRefLike)
            .ToArray();
        Assert.NotEmpty(structs);
        string[] mutable = structs.Where(t => !t.IsDefined(typeof(IsReadOnlyAttribute), false)).Select(t => t.FullName!).ToArray();
        Assert.True(mutable.Length == 0, "mutable public structs: " + string.Join(", ", mutable));
    }

    [Fact]
    public void Connection_IsSmallEnoughForMillions()
    {
        int size = Unsafe.SizeOf<TcpConnection>();
        // Settings are shared by reference, not embedded: 144 bytes (232 before, 264 with the
        // keep-alive settings embedded). A million connections fit in 150 MB.
        Assert.InRange(size, 100, 160);
    }
}
