using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tollgate.Semantic.Index;

/// <summary>Dot products of signed-byte vectors in 32-bit integers, with SIMD.</summary>
internal static class Int8Dot
{
    /// <summary>Σ left[i]·right[i]. The spans must have the same length.</summary>
    public static int Dot(ReadOnlySpan<sbyte> left, ReadOnlySpan<sbyte> right)
    {
        if (left.Length != right.Length)
        {
            throw new ArgumentException("The vectors differ in length.", nameof(right));
        }

        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && left.Length >= Vector256<sbyte>.Count)
        {
            // Widen 16 bytes at a time to 16-bit lanes and let vpmaddwd multiply and add neighbouring pairs into 32 bits:
            // two instructions per 16 components, no overflow (|127·127·2| fits easily).
            var accumulator = Vector256<int>.Zero;
            ref var l = ref MemoryMarshal.GetReference(left);
            ref var r = ref MemoryMarshal.GetReference(right);
            for (; i <= left.Length - Vector128<sbyte>.Count; i += Vector128<sbyte>.Count)
            {
                var a = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref l, (nuint)i));
                var b = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r, (nuint)i));
                accumulator = Avx2.Add(accumulator, Avx2.MultiplyAddAdjacent(a, b));
            }

            sum = Vector256.Sum(accumulator);
        }
        else if (Vector.IsHardwareAccelerated && left.Length >= Vector<sbyte>.Count)
        {
            var accumulator = Vector<int>.Zero;
            for (; i <= left.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            {
                Vector.Widen(new Vector<sbyte>(left[i..]), out var aLow, out var aHigh);
                Vector.Widen(new Vector<sbyte>(right[i..]), out var bLow, out var bHigh);
                Vector.Widen(aLow * bLow, out var p0, out var p1);
                Vector.Widen(aHigh * bHigh, out var p2, out var p3);
                accumulator += p0 + p1 + p2 + p3;
            }

            sum = Vector.Sum(accumulator);
        }

        for (; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }
}
