namespace Tollgate.Providers.Simulation.Answers;

/// <summary>
/// Deterministic unit vectors for text. Each word adds a fixed sparse pattern (feature hashing) and the whole
/// text a faint dense one, so identical inputs give identical vectors, texts sharing most words give close
/// vectors (what a semantic cache needs to be exercised), and unrelated texts give nearly orthogonal ones.
/// </summary>
internal static class EmbeddingComposer
{
    private const int FeaturesPerWord = 8;
    private const float DenseWeight = 0.05f;

    public static void Compose(ReadOnlySpan<char> text, Span<float> vector)
    {
        vector.Clear();
        var whole = new SplitMix64(PromptHash.Add(PromptHash.Basis, text));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = DenseWeight * whole.NextSigned();
        }

        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                AddWord(text[start..i], vector);
                start = -1;
            }
        }

        Normalize(vector);
    }

    /// <summary>A pre-tokenised input: each token id is a feature.</summary>
    public static void ComposeFromTokens(ReadOnlySpan<long> tokens, Span<float> vector)
    {
        vector.Clear();
        foreach (var token in tokens)
        {
            AddFeature((ulong)token * 0x9E3779B97F4A7C15UL, vector);
        }

        Normalize(vector);
    }

    private static void AddWord(ReadOnlySpan<char> word, Span<float> vector)
    {
        var hash = PromptHash.Basis;
        foreach (var c in word)
        {
            hash = PromptHash.Add(hash, [char.ToLowerInvariant(c)]);
        }

        AddFeature(hash, vector);
    }

    private static void AddFeature(ulong seed, Span<float> vector)
    {
        var random = new SplitMix64(seed);
        for (var k = 0; k < FeaturesPerWord; k++)
        {
            var bits = random.Next();
            vector[(int)(bits % (ulong)vector.Length)] += (bits & (1UL << 63)) == 0 ? 1f : -1f;
        }
    }

    private static void Normalize(Span<float> vector)
    {
        double sum = 0;
        foreach (var value in vector)
        {
            sum += (double)value * value;
        }

        if (sum > 0)
        {
            var scale = (float)(1 / Math.Sqrt(sum));
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] *= scale;
            }
        }
        else if (vector.Length > 0)
        {
            vector[0] = 1f;
        }
    }
}
