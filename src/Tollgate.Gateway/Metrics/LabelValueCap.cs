using System.Collections.Concurrent;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// Bounds the values one label takes: the first <c>max</c> distinct values are kept as they are, every later one is
/// counted as <see cref="Other"/>, so values clients choose (a feature header, a model name) cannot grow the scrape
/// without bound. An absent value is <see cref="None"/>. A value once admitted stays admitted for the process's life.
/// </summary>
internal sealed class LabelValueCap
{
    /// <summary>Where values past the cap are counted.</summary>
    public const string Other = "other";

    /// <summary>The value of a label the request did not have (no feature, no provider called).</summary>
    public const string None = "none";

    /// <summary>Longer values are counted as <see cref="Other"/>: no honest name is this long.</summary>
    public const int MaxValueLength = 128;

    private readonly ConcurrentDictionary<string, string> _admitted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly int _max;

    public LabelValueCap(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        _max = max;
    }

    /// <summary>How many distinct values are admitted.</summary>
    public int Count => _admitted.Count;

    /// <summary>The label value to record <paramref name="value"/> under.</summary>
    public string Admit(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return None;
        }

        if (_admitted.TryGetValue(value, out var admitted))
        {
            return admitted;
        }

        if (value.Length > MaxValueLength)
        {
            return Other;
        }

        lock (_gate)
        {
            if (_admitted.TryGetValue(value, out admitted))
            {
                return admitted;
            }

            if (_admitted.Count >= _max)
            {
                return Other;
            }

            _admitted[value] = value;
            return value;
        }
    }
}
