namespace Tollgate.Semantic.Index;

/// <summary>
/// A unit vector kept as one signed byte per dimension and one scale: component i is about
/// <c>Values[i] * Scale</c>. The scale maps the largest component to ±127, so each component's error is at most half a
/// step (Scale / 2) and a cosine similarity moves by well under 0.01 (tests/…/SemanticIndexTests). A quarter of the
/// memory of float32 and a quarter of the bytes a scan reads, which is what bounds a brute-force scan.
/// </summary>
public readonly struct QuantizedVector
{
    /// <summary>The largest magnitude one component takes.</summary>
    public const int Levels = 127;

    /// <summary>A vector from its stored parts.</summary>
    public QuantizedVector(sbyte[] values, float scale)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
        Scale = scale;
    }

    /// <summary>The components, each in [-127, 127].</summary>
    public sbyte[] Values { get; }

    /// <summary>What one step of a component is worth.</summary>
    public float Scale { get; }

    /// <summary>Dimensions of the vector.</summary>
    public int Dimensions => Values?.Length ?? 0;

    /// <summary>Quantises <paramref name="vector"/> after scaling it to unit length (so dot products are cosines).</summary>
    public static QuantizedVector Quantize(ReadOnlySpan<float> vector)
    {
        var unit = vector.ToArray();
        VectorMath.Normalize(unit);
        var largest = 0f;
        foreach (var component in unit)
        {
            largest = Math.Max(largest, Math.Abs(component));
        }

        var values = new sbyte[unit.Length];
        if (largest == 0 || !float.IsFinite(largest))
        {
            return new QuantizedVector(values, 0);
        }

        var scale = largest / Levels;
        for (var i = 0; i < unit.Length; i++)
        {
            values[i] = (sbyte)Math.Clamp(MathF.Round(unit[i] / scale), -Levels, Levels);
        }

        return new QuantizedVector(values, scale);
    }

    /// <summary>The vector back as floats (approximately the unit vector quantised).</summary>
    public float[] ToFloats()
    {
        var floats = new float[Dimensions];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = Values[i] * Scale;
        }

        return floats;
    }
}
