namespace Tollgate.Providers.Simulation.Answers;

/// <summary>A tiny deterministic generator (SplitMix64): same seed, same sequence, on every platform and run.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, bound).</summary>
    public int Next(int bound) => (int)(Next() % (ulong)bound);

    /// <summary>A number in [-1, 1).</summary>
    public float NextSigned() => (float)((Next() >> 11) * (1.0 / (1UL << 53)) * 2.0 - 1.0);
}
