using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Caching;
using Tollgate.Semantic.Index;

namespace Tollgate.Semantic.Tests.Index;

/// <summary>The index alone, on vectors made here (no embedder).</summary>
public sealed class SemanticIndexTests
{
    private const int Dimensions = 384;
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly CacheKey _partition = Key("partition");

    private static CacheKey Key(string name) => CacheKey.Of(Encoding.UTF8.GetBytes(name));

    private static float[] RandomUnit(Random random, int dimensions = Dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    /// <summary>A unit vector whose cosine with <paramref name="unit"/> is exactly <paramref name="cosine"/>.</summary>
    private static float[] AtCosine(float[] unit, float cosine, Random random)
    {
        var noise = RandomUnit(random, unit.Length);
        var along = noise.Zip(unit).Sum(p => p.First * p.Second);
        var orthogonal = noise.Select((n, i) => n - (along * unit[i])).ToArray();
        var length = MathF.Sqrt(orthogonal.Sum(v => v * v));
        var sine = MathF.Sqrt(1 - (cosine * cosine));
        return unit.Select((u, i) => (cosine * u) + (sine * orthogonal[i] / length)).ToArray();
    }

    private SemanticIndex NewIndex(int maxEntries = 1_000) => new(Dimensions, maxEntries, _time);

    private static float Cosine(float[] a, float[] b) => a.Zip(b).Sum(p => p.First * p.Second);

    [Fact]
    public void The_most_similar_entry_comes_first_and_the_others_above_the_threshold_follow_in_order()
    {
        var random = new Random(1);
        var query = RandomUnit(random);
        var index = NewIndex();
        index.Add(_partition, Key("far"), QuantizedVector.Quantize(AtCosine(query, 0.50f, random)), "far", Now.AddDays(1));
        index.Add(_partition, Key("near"), QuantizedVector.Quantize(AtCosine(query, 0.95f, random)), "near", Now.AddDays(1));
        index.Add(_partition, Key("nearer"), QuantizedVector.Quantize(AtCosine(query, 0.99f, random)), "nearer", Now.AddDays(1));
        index.Add(_partition, Key("middle"), QuantizedVector.Quantize(AtCosine(query, 0.90f, random)), "middle", Now.AddDays(1));

        var best = new SemanticCandidate[4];
        var found = index.Search(_partition, QuantizedVector.Quantize(query), 0.85f, best);

        Assert.Equal(["nearer", "near", "middle"], best[..found].Select(c => c.Prompt));
        Assert.Equal(Key("nearer"), best[0].EntryKey);
        Assert.InRange(best[0].Similarity, 0.98f, 1.0f);
    }

    [Fact]
    public void Only_as_many_candidates_as_asked_for_are_returned_and_they_are_the_best()
    {
        var random = new Random(2);
        var query = RandomUnit(random);
        var index = NewIndex();
        for (var i = 0; i < 50; i++)
        {
            index.Add(_partition, Key($"e{i}"), QuantizedVector.Quantize(AtCosine(query, 0.5f + (i * 0.01f), random)), $"e{i}", Now.AddDays(1));
        }

        var best = new SemanticCandidate[3];
        var found = index.Search(_partition, QuantizedVector.Quantize(query), 0.0f, best);

        Assert.Equal(3, found);
        Assert.Equal(["e49", "e48", "e47"], best.Select(c => c.Prompt));
    }

    [Fact]
    public void A_search_never_crosses_partitions()
    {
        var random = new Random(3);
        var vector = RandomUnit(random);
        var index = NewIndex();
        index.Add(Key("team a"), Key("a"), QuantizedVector.Quantize(vector), "a", Now.AddDays(1));

        var best = new SemanticCandidate[4];

        Assert.Equal(0, index.Search(Key("team b"), QuantizedVector.Quantize(vector), 0.5f, best));
        Assert.Equal(1, index.Search(Key("team a"), QuantizedVector.Quantize(vector), 0.5f, best));
    }

    [Fact]
    public void A_removed_entry_is_not_found_and_the_others_still_are()
    {
        var random = new Random(4);
        var vectors = Enumerable.Range(0, 20).Select(_ => RandomUnit(random)).ToArray();
        var index = NewIndex();
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(_partition, Key($"e{i}"), QuantizedVector.Quantize(vectors[i]), $"e{i}", Now.AddDays(1));
        }

        Assert.True(index.Remove(Key("e3")));
        Assert.False(index.Remove(Key("e3")));

        var best = new SemanticCandidate[1];
        for (var i = 0; i < vectors.Length; i++)
        {
            var found = index.Search(_partition, QuantizedVector.Quantize(vectors[i]), 0.9f, best);
            Assert.Equal(i == 3 ? 0 : 1, found);
            if (i != 3)
            {
                Assert.Equal(Key($"e{i}"), best[0].EntryKey);
            }
        }

        Assert.Equal(19, index.Count);
    }

    [Fact]
    public void Removing_entries_one_after_another_leaves_exactly_the_others_findable()
    {
        var random = new Random(41);
        var vectors = Enumerable.Range(0, 20).Select(_ => RandomUnit(random)).ToArray();
        var index = NewIndex();
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(_partition, Key($"e{i}"), QuantizedVector.Quantize(vectors[i]), $"e{i}", Now.AddDays(1));
        }

        // Each removal moves the last entry into the gap; the moved ones are removed next.
        int[] removed = [3, 19, 0, 18, 7, 17];
        foreach (var i in removed)
        {
            Assert.True(index.Remove(Key($"e{i}")));
        }

        var best = new SemanticCandidate[1];
        for (var i = 0; i < vectors.Length; i++)
        {
            var found = index.Search(_partition, QuantizedVector.Quantize(vectors[i]), 0.9f, best);
            Assert.Equal(removed.Contains(i) ? 0 : 1, found);
            if (found == 1)
            {
                Assert.Equal(Key($"e{i}"), best[0].EntryKey);
            }
        }
    }

    [Fact]
    public void Adding_an_entry_again_replaces_its_prompt_and_vector()
    {
        var random = new Random(5);
        var first = RandomUnit(random);
        var second = RandomUnit(random);
        var index = NewIndex();
        index.Add(_partition, Key("e"), QuantizedVector.Quantize(first), "first", Now.AddDays(1));

        index.Add(_partition, Key("e"), QuantizedVector.Quantize(second), "second", Now.AddDays(1));

        var best = new SemanticCandidate[4];
        Assert.Equal(0, index.Search(_partition, QuantizedVector.Quantize(first), 0.9f, best));
        Assert.Equal(1, index.Search(_partition, QuantizedVector.Quantize(second), 0.9f, best));
        Assert.Equal("second", best[0].Prompt);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void An_expired_entry_is_not_found_and_is_removed_by_a_sweep()
    {
        var random = new Random(6);
        var vector = RandomUnit(random);
        var index = NewIndex();
        index.Add(_partition, Key("short"), QuantizedVector.Quantize(vector), "short", Now.AddHours(1));
        index.Add(_partition, Key("long"), QuantizedVector.Quantize(vector), "long", Now.AddDays(1));

        _time.Advance(TimeSpan.FromHours(1));
        var best = new SemanticCandidate[4];
        var found = index.Search(_partition, QuantizedVector.Quantize(vector), 0.9f, best);

        Assert.Equal(["long"], best[..found].Select(c => c.Prompt));
        Assert.Equal(1, index.RemoveExpired());
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void A_full_index_makes_room_from_expired_entries_and_otherwise_refuses()
    {
        var random = new Random(7);
        var index = NewIndex(maxEntries: 2);
        Assert.True(index.Add(_partition, Key("a"), QuantizedVector.Quantize(RandomUnit(random)), "a", Now.AddHours(1)));
        Assert.True(index.Add(_partition, Key("b"), QuantizedVector.Quantize(RandomUnit(random)), "b", Now.AddDays(1)));

        Assert.False(index.Add(_partition, Key("c"), QuantizedVector.Quantize(RandomUnit(random)), "c", Now.AddDays(1)));
        _time.Advance(TimeSpan.FromHours(2));
        Assert.True(index.Add(_partition, Key("c"), QuantizedVector.Quantize(RandomUnit(random)), "c", Now.AddDays(1)));

        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Quantised_similarities_stay_within_a_hundredth_of_the_float_cosine()
    {
        var random = new Random(8);
        var worst = 0f;
        for (var i = 0; i < 2_000; i++)
        {
            var a = RandomUnit(random);
            var b = AtCosine(a, (float)(random.NextDouble() * 1.8) - 0.9f, random);
            var index = NewIndex();
            index.Add(_partition, Key("b"), QuantizedVector.Quantize(b), "b", Now.AddDays(1));
            var best = new SemanticCandidate[1];
            index.Search(_partition, QuantizedVector.Quantize(a), -1f, best);
            worst = Math.Max(worst, Math.Abs(best[0].Similarity - Cosine(a, b)));
        }

        Assert.True(worst < 0.01f, $"largest error {worst}");
    }

    [Theory]
    [InlineData(0.80f)]
    [InlineData(0.90f)]
    [InlineData(0.95f)]
    public void The_sign_filter_never_skips_a_vector_at_or_above_the_threshold(float threshold)
    {
        var random = new Random((int)(threshold * 100));
        var missed = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var query = RandomUnit(random);
            var near = AtCosine(query, threshold + 0.005f + (float)(random.NextDouble() * (0.995 - threshold)), random);
            var index = NewIndex();
            index.Add(_partition, Key("near"), QuantizedVector.Quantize(near), "near", Now.AddDays(1));
            missed += index.Search(_partition, QuantizedVector.Quantize(query), threshold, new SemanticCandidate[1]) == 1 ? 0 : 1;
        }

        Assert.Equal(0, missed);
    }

    [Fact]
    public void The_sign_filter_skips_vectors_far_from_the_query()
    {
        var random = new Random(12);
        var query = QuantizedVector.Quantize(RandomUnit(random));
        var far = QuantizedVector.Quantize(AtCosine(query.ToFloats(), 0.1f, random));

        var differences = query.Signs.Zip(far.Signs).Sum(p => System.Numerics.BitOperations.PopCount(p.First ^ p.Second));

        Assert.True(differences > QuantizedVector.MaxSignDifferences(0.9f, Dimensions), $"{differences} sign bits differ");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(384)]
    [InlineData(1537)]
    public void The_simd_dot_product_equals_the_plain_sum_at_any_length(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();

        Assert.Equal(a.Zip(b).Sum(p => p.First * p.Second), Int8Dot.Dot(a, b));
    }

    [Fact]
    public void A_vector_of_other_dimensions_is_refused()
    {
        var index = NewIndex();

        Assert.Throws<ArgumentException>(() => index.Add(_partition, Key("a"), QuantizedVector.Quantize(new float[12]), "a", Now.AddDays(1)));
    }

    [Fact]
    public async Task Concurrent_searches_adds_and_removals_leave_exactly_the_entries_not_removed()
    {
        var random = new Random(9);
        var vectors = Enumerable.Range(0, 400).Select(_ => RandomUnit(random)).ToArray();
        var index = NewIndex(maxEntries: 10_000);
        var partitions = new[] { Key("p0"), Key("p1"), Key("p2") };
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var best = new SemanticCandidate[4];
            var searches = 0;
            while (!stop.IsCancellationRequested || searches < 100)
            {
                var i = searches++ % vectors.Length;
                var found = index.Search(partitions[i % 3], QuantizedVector.Quantize(vectors[i]), 0.2f, best);
                for (var j = 0; j < found; j++)
                {
                    Assert.True(best[j].Similarity >= 0.2f);
                    Assert.Equal(Key(best[j].Prompt), best[j].EntryKey);
                }
            }
        })).ToArray();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = w; i < vectors.Length; i += 4)
            {
                index.Add(partitions[i % 3], Key($"e{i}"), QuantizedVector.Quantize(vectors[i]), $"e{i}", Now.AddDays(1));
                if (i % 5 == 0)
                {
                    index.Remove(Key($"e{i}"));
                }
            }
        })).ToArray();

        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var best = new SemanticCandidate[1];
        for (var i = 0; i < vectors.Length; i++)
        {
            var found = index.Search(partitions[i % 3], QuantizedVector.Quantize(vectors[i]), 0.95f, best);
            Assert.Equal(i % 5 == 0 ? 0 : 1, found);
        }

        Assert.Equal(vectors.Length - (vectors.Length / 5), index.Count);
    }
}
