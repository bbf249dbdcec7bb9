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
        Signs = SignsOf(values);
    }

    /// <summary>The components, each in [-127, 127].</summary>
    public sbyte[] Values { get; }

    /// <summary>What one step of a component is worth.</summary>
    public float Scale { get; }

    /// <summary>
    /// One bit per component, set where it is negative: the Hamming distance between two vectors' signs tracks the
    /// angle between them (about angle/π of the bits differ), so a scan can skip, after six XORs and pop-counts, the
    /// many vectors far from the query before reading their 384 bytes.
    /// </summary>
    public ulong[] Signs { get; }

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

    /// <summary>How many 64-bit words hold the signs of a <paramref name="dimensions"/>-dimensional vector.</summary>
    public static int SignWords(int dimensions) => (dimensions + 63) / 64;

    /// <summary>
    /// The most sign bits that may differ between a query and a vector whose cosine with it is at least
    /// <paramref name="threshold"/>: the expected count for that angle plus six standard deviations and a margin, so
    /// the filter skips far vectors and practically never a near one (a skipped near one would only be a miss).
    /// </summary>
    public static int MaxSignDifferences(float threshold, int dimensions)
    {
        if (!(threshold > 0))
        {
            return dimensions;
        }

        var share = Math.Acos(Math.Min(threshold, 1f)) / Math.PI;
        var spread = Math.Sqrt(dimensions * share * (1 - share));
        return (int)Math.Min(dimensions, Math.Ceiling((share * dimensions) + (6 * spread) + 8));
    }

    private static ulong[] SignsOf(sbyte[] values)
    {
        var signs = new ulong[SignWords(values.Length)];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < 0)
            {
                signs[i / 64] |= 1UL << (i % 64);
            }
        }

        return signs;
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
