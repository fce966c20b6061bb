using System;

namespace TcpModel;

/// <summary>
/// Marks a method or property as pure: it changes no state, so its result must be used (analyzers
/// such as CA1806 and IDE0058 and tests read it). The project's own attribute, not
/// <c>System.Diagnostics.Contracts.PureAttribute</c>: that one is <c>[Conditional("CONTRACTS_FULL")]</c>,
/// so the compiler drops it and it never reaches the assembly's metadata. A test checks every
/// value-returning method of every public readonly struct carries this one.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
internal sealed class PureAttribute : Attribute
{
}
