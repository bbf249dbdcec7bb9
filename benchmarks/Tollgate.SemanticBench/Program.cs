using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Tollgate.Core.Caching;
using Tollgate.Semantic.Embedding;
using Tollgate.Semantic.Index;

// The semantic index's lookup and memory at scale, and the built-in embedder's time per query, reported apart.
// Usage: dotnet run -c Release --project benchmarks/Tollgate.SemanticBench [-- --entries 100000 --lookups 2000 --embeddings 200]
// Prints a Markdown table. A small console runner rather than BenchmarkDotNet: the figure wanted is a p99 over many
// single lookups against one large, long-lived index, which a per-invocation harness would rebuild or average away.
var entries = Argument("--entries", 100_000);
var lookups = Argument("--lookups", 2_000);
var embeddings = Argument("--embeddings", 200);
const int Dimensions = LocalEmbeddingGenerator.Dimensions;
var random = new Random(15);
var partition = CacheKey.Of("one partition: the worst case, every entry scanned"u8);

var vectors = new float[entries][];
var prompts = new string[entries];
for (var i = 0; i < entries; i++)
{
    vectors[i] = RandomUnit(random);
    prompts[i] = string.Create(CultureInfo.InvariantCulture, $"Why has my card payment number {i} not gone through yet?");
}

GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var before = GC.GetTotalMemory(forceFullCollection: true);
var index = new SemanticIndex(Dimensions, maxEntries: entries);
var expires = DateTimeOffset.UtcNow.AddDays(7);
for (var i = 0; i < entries; i++)
{
    index.Add(partition, CacheKey.Of(BitConverter.GetBytes(i)), QuantizedVector.Quantize(vectors[i]), prompts[i], expires);
}

var after = GC.GetTotalMemory(forceFullCollection: true);
// The prompts' strings were made before the measurement; the index holds references to them. Count them in.
var promptBytes = prompts.Sum(p => 22L + (2L * p.Length));

var queries = Enumerable.Range(0, lookups).Select(_ => QuantizedVector.Quantize(RandomUnit(random))).ToArray();
var best = new SemanticCandidate[4];
for (var i = 0; i < Math.Min(200, lookups); i++)
{
    index.Search(partition, queries[i], 0.9f, best); // warm-up: tiered JIT
    index.Search(partition, queries[i], 0f, best);
}

// Unrelated entries: the sign filter skips nearly all of them.
var int8 = Time(lookups, i => index.Search(partition, queries[i % queries.Length], 0.9f, best));

// No filter (a threshold of 0 lets every vector through it): every entry's 384 bytes are scanned, the worst case.
var unfiltered = Time(lookups, i => index.Search(partition, queries[i % queries.Length], 0f, best));

// Clustered entries, as prompts of one feature are: 200 topics, each entry at cosine 0.6–0.9 to its topic, so
// entries of a topic are 0.35–0.8 alike and a query near a topic finds candidates above 0.9 now and then.
var topics = Enumerable.Range(0, 200).Select(_ => RandomUnit(random)).ToArray();
var clustered = new SemanticIndex(Dimensions, maxEntries: entries);
for (var i = 0; i < entries; i++)
{
    clustered.Add(partition, CacheKey.Of(BitConverter.GetBytes(i)), QuantizedVector.Quantize(Near(topics[i % topics.Length], 0.6f + (0.3f * random.NextSingle()), random)), prompts[i], expires);
}

var clusteredQueries = Enumerable.Range(0, lookups).Select(i => QuantizedVector.Quantize(Near(topics[i % topics.Length], 0.95f, random))).ToArray();
for (var i = 0; i < Math.Min(200, lookups); i++)
{
    clustered.Search(partition, clusteredQueries[i], 0.9f, best);
}

var clusteredTimes = Time(lookups, i => clustered.Search(partition, clusteredQueries[i], 0.9f, best));

// The same scan over float32 vectors, for comparison: what quantisation saves.
var flat = new float[(long)entries * Dimensions];
for (var i = 0; i < entries; i++)
{
    vectors[i].CopyTo(flat, (long)i * Dimensions);
}

var floatQueries = Enumerable.Range(0, Math.Min(lookups, 500)).Select(_ => RandomUnit(random)).ToArray();
var float32 = Time(floatQueries.Length, i =>
{
    var query = floatQueries[i];
    var top = float.MinValue;
    for (var e = 0; e < entries; e++)
    {
        top = Math.Max(top, TensorPrimitives.Dot(query, flat.AsSpan(e * Dimensions, Dimensions)));
    }

    return top > 2 ? 1 : 0;
});

double[] embed = [];
if (embeddings > 0)
{
    using var generator = new LocalEmbeddingGenerator(LocalEmbeddingModel.MiniLM);
    var load = Stopwatch.StartNew();
    await generator.GenerateAsync(["warm up the model"]);
    load.Stop();
    Console.Error.WriteLine($"MiniLM loaded and first query embedded in {load.Elapsed.TotalMilliseconds:0} ms");
    var texts = Enumerable.Range(0, embeddings).Select(i => $"How long does a transfer of {i} pounds to my savings account take?").ToArray();
    embed = new double[embeddings];
    for (var i = 0; i < embeddings; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await generator.GenerateAsync([texts[i]]);
        embed[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Index of {entries:N0} entries × {Dimensions} dimensions in one partition; {lookups:N0} lookups (4 candidates, threshold 0.9)."));
Console.WriteLine();
Console.WriteLine("| measure | p50 | p99 | max |");
Console.WriteLine("|---|---:|---:|---:|");
Console.WriteLine(Row("index lookup, unrelated entries (sign filter skips nearly all)", int8));
Console.WriteLine(Row("index lookup, clustered entries (200 topics)", clusteredTimes));
Console.WriteLine(Row("index lookup, no filter: every entry's int8 vector scanned", unfiltered));
Console.WriteLine(Row("same scan over float32 (TensorPrimitives.Dot), for comparison", float32));
if (embed.Length > 0)
{
    Console.WriteLine(Row("embedding one query, MiniLM (separate from the lookup)", embed));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Memory: {(after - before) / 1048576.0:0.0} MiB managed heap for the index (vectors, scales, keys, expiry, maps) + {promptBytes / 1048576.0:0.0} MiB for the prompts' text = {(after - before + promptBytes) / 1048576.0:0.0} MiB per {entries:N0} entries ({(after - before + promptBytes) / (double)entries:0} bytes each); its arrays alone: {index.ArrayBytes() / 1048576.0:0.0} MiB."));

static double[] Time(int count, Func<int, int> action)
{
    var times = new double[count];
    var sink = 0;
    for (var i = 0; i < count; i++)
    {
        var start = Stopwatch.GetTimestamp();
        sink += action(i);
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    GC.KeepAlive(sink);
    return times;
}

static string Row(string what, double[] times)
{
    var sorted = times.Order().ToArray();
    return string.Create(CultureInfo.InvariantCulture, $"| {what} | {Percentile(sorted, 0.50):0.000} ms | {Percentile(sorted, 0.99):0.000} ms | {sorted[^1]:0.000} ms |");
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

// A unit vector at exactly the given cosine to the unit vector `center`.
static float[] Near(float[] center, float cosine, Random random)
{
    var noise = RandomUnit(random);
    var along = TensorPrimitives.Dot(noise, center);
    var orthogonal = new float[Dimensions];
    for (var i = 0; i < Dimensions; i++)
    {
        orthogonal[i] = noise[i] - (along * center[i]);
    }

    TensorPrimitives.Divide(orthogonal, TensorPrimitives.Norm(orthogonal), orthogonal);
    var sine = MathF.Sqrt(1 - (cosine * cosine));
    var vector = new float[Dimensions];
    for (var i = 0; i < Dimensions; i++)
    {
        vector[i] = (cosine * center[i]) + (sine * orthogonal[i]);
    }

    return vector;
}

static float[] RandomUnit(Random random)
{
    var vector = new float[Dimensions];
    for (var i = 0; i < vector.Length; i++)
    {
        vector[i] = (float)((random.NextDouble() * 2) - 1);
    }

    TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
    return vector;
}

int Argument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
