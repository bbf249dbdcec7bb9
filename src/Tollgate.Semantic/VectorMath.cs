using System.Numerics.Tensors;

namespace Tollgate.Semantic;

/// <summary>Float vector arithmetic the cache needs, vectorised by <see cref="TensorPrimitives"/>.</summary>
internal static class VectorMath
{
    /// <summary>Scales <paramref name="vector"/> to unit length in place, so a dot product is the cosine similarity.</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>The cosine similarity of two vectors of any length.</summary>
    public static float Cosine(ReadOnlySpan<float> left, ReadOnlySpan<float> right) => TensorPrimitives.CosineSimilarity(left, right);
}
