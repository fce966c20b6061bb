#if !NET8_0_OR_GREATER
using System.Runtime.InteropServices;

namespace TcpModel;

// netstandard2.1 has no [InlineArray] (the runtime must lay such a struct out; .NET 8 is the first
// that does). The inline buffers there are structs of consecutive fields of one type instead, read
// through a reference to the first: the layout the C# compiler gives `fixed` buffers, for any T.
// Sequential layout keeps fields of one type adjacent and in order (ECMA-335 §II.10.1.2).

/// <summary>Eight consecutive values of <typeparamref name="T"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Block8<T>
{
    public T E0;
    private T _e1, _e2, _e3, _e4, _e5, _e6, _e7;
}

/// <summary>Sixteen consecutive values of <typeparamref name="T"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Block16<T>
{
    public T E0;
    private T _e1, _e2, _e3, _e4, _e5, _e6, _e7, _e8, _e9, _e10, _e11, _e12, _e13, _e14, _e15;
}
#endif
