using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace TcpModel.Tests;

/// <summary>
/// Every value-returning method of a public readonly struct is pure and says so (after NodaTime's
/// PurityTest): it cannot change the value it is called on, so a caller who drops its result has a bug.
/// </summary>
public class PurityTests
{
    private const string PureAttributeName = "TcpModel.PureAttribute";

    // Methods a value type always has, or that are not "compute a new value" methods.
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal)
    {
        "Equals", "GetHashCode", "ToString", "Deconstruct", "GetEnumerator",
    };

    [Fact]
    public void PureAttribute_IsTheProjectsOwn_AndReachesTheMetadata()
    {
        // System.Diagnostics.Contracts.PureAttribute is [Conditional("CONTRACTS_FULL")]: the compiler
        // would drop it, and this lookup would find nothing.
        Type? attribute = typeof(TcpConnection).Assembly.GetType(PureAttributeName);
        Assert.NotNull(attribute);
        Assert.False(attribute!.IsPublic);
        Assert.Empty(attribute.GetCustomAttributes<System.Diagnostics.ConditionalAttribute>());
        MethodInfo close = typeof(TcpConnection).GetMethod(nameof(TcpConnection.Close))!;
        Assert.True(close.IsDefined(attribute, inherit: false), "TcpConnection.Close has no TcpModel.PureAttribute in metadata");
        Assert.Contains(close.CustomAttributes, a => a.AttributeType.FullName == PureAttributeName);
    }

    [Fact]
    public void EveryValueReturningMethod_OfEveryPublicReadOnlyStruct_IsPure()
    {
        Type[] structs = typeof(TcpConnection).Assembly.GetExportedTypes()
            .Where(t => t.IsValueType && !t.IsEnum && t.IsDefined(typeof(IsReadOnlyAttribute), false))
            .ToArray();
        Assert.Contains(typeof(TcpConnection), structs);
        Assert.Contains(typeof(SeqNum), structs);

        MethodInfo[] methods = structs
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(ShouldBePure)
            .ToArray();
        Assert.NotEmpty(methods);

        string[] impure = methods
            .Where(m => !m.CustomAttributes.Any(a => a.AttributeType.FullName == PureAttributeName))
            .Select(Name)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(impure.Length == 0, "methods without [Pure]:\n" + string.Join("\n", impure));
    }

    private static bool ShouldBePure(MethodInfo method) =>
        method.ReturnType != typeof(void)
        && !method.IsSpecialName // property getters, operators
        && !Excluded.Contains(method.Name)
        && !method.GetParameters().Any(WritesThrough);

    // An out or ref parameter (TryX(out ...)), or a destination buffer (CopyTo(Span<T>)): the method
    // writes into the caller's storage, which [Pure] would deny. 'in' and ReadOnlySpan<T> are fine.
    private static bool WritesThrough(ParameterInfo parameter)
    {
        Type type = parameter.ParameterType;
        if (type.IsByRef) return parameter.IsOut || !parameter.IsIn;
        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Span<>) || type.GetGenericTypeDefinition() == typeof(Memory<>));
    }

    private static string Name(MethodInfo method) => method.DeclaringType!.FullName + "." + method.Name;
}
