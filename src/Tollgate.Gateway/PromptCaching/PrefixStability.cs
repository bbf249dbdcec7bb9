using System.Collections.Concurrent;
using Tollgate.Core.PromptCaching;

namespace Tollgate.Gateway.PromptCaching;

/// <summary>
/// Per feature, compares each prompt's stable part (its tools, then its system prompt, as the provider reads them) with
/// the previous request's, and raises a <see cref="PrefixFinding"/> when they keep diverging early in it, before
/// <see cref="MinimumStableBytes"/>: a timestamp, a user id or a random greeting early in the system prompt leaves a
/// common prefix too short for the provider ever to cache, however long the prompt.
/// </summary>
/// <remarks>
/// Bounded work on the request's path: the first <see cref="HeadBytes"/> bytes are compared with the previous
/// request's (one vectorised comparison) and copied only when they differ; a prefix that agrees that far is long enough
/// to cache. At most <see cref="MaxFeatures"/> features are tracked. A change of <c>x-tollgate-prompt-version</c> starts
/// the comparison afresh (a new prompt is meant to differ); a part that only grew, or changed late, keeps a prefix long
/// enough to cache and is no finding; and a stable part shorter than <see cref="MinimumStableBytes"/> could not be
/// cached anyway. A finding is listed once
/// <see cref="DivergencesToReport"/> pairs have diverged, so one edit of a prompt is not reported as instability.
/// Kept in memory: a restart starts afresh.
/// </remarks>
internal sealed class PrefixStability
{
    /// <summary>How much of a prompt's stable part is compared.</summary>
    public const int HeadBytes = 16 * 1024;

    /// <summary>How many features are tracked at most; requests of others are not compared.</summary>
    public const int MaxFeatures = 1000;

    /// <summary>About the smallest prefix the providers cache (1,024 tokens): a common prefix shorter than this is an early divergence.</summary>
    public const int MinimumStableBytes = 1024 * PromptCacheHints.BytesPerToken;

    /// <summary>How many diverging pairs make a finding.</summary>
    public const int DivergencesToReport = 2;

    private readonly ConcurrentDictionary<string, FeaturePrefix> _features = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public PrefixStability(TimeProvider time) => _time = time;

    /// <summary>Compares the stable part of a request of <paramref name="feature"/> with the previous one's.</summary>
    public void Observe(string feature, string? model, string? promptVersion, ReadOnlySpan<byte> body, in PromptLayout layout)
    {
        var tools = body.Slice(layout.ToolsStart, layout.ToolsLength);
        var system = body.Slice(layout.SystemStart, layout.SystemLength);
        if (tools.IsEmpty && system.IsEmpty)
        {
            return;
        }

        if (!_features.TryGetValue(feature, out var tracked))
        {
            if (_features.Count >= MaxFeatures)
            {
                return;
            }

            tracked = _features.GetOrAdd(feature, name => new FeaturePrefix(name));
        }

        lock (tracked)
        {
            tracked.Observe(model, promptVersion, tools, system, _time.GetUtcNow());
        }
    }

    /// <summary>The findings, by feature name; only <paramref name="feature"/>'s when given.</summary>
    public IReadOnlyList<PrefixFinding> Findings(string? feature)
    {
        var findings = new List<PrefixFinding>();
        foreach (var (name, tracked) in _features)
        {
            if (feature is not null && !string.Equals(name, feature, StringComparison.Ordinal))
            {
                continue;
            }

            lock (tracked)
            {
                if (tracked.Finding is { Divergences: >= DivergencesToReport } finding)
                {
                    findings.Add(finding with { Comparisons = tracked.Comparisons });
                }
            }
        }

        findings.Sort((a, b) => string.CompareOrdinal(a.Feature, b.Feature));
        return findings;
    }

    /// <summary>One feature's last stable part and finding; guarded by its own lock.</summary>
    private sealed class FeaturePrefix(string feature)
    {
        private byte[]? _tools;
        private byte[] _system = [];
        private int _stableLength;
        private string? _promptVersion;
        private long _comparisons;

        public PrefixFinding? Finding { get; private set; }

        public long Comparisons => _comparisons;

        public void Observe(string? model, string? promptVersion, ReadOnlySpan<byte> tools, ReadOnlySpan<byte> system, DateTimeOffset now)
        {
            var toolsHead = tools[..Math.Min(tools.Length, HeadBytes)];
            var systemHead = system[..Math.Min(system.Length, HeadBytes - toolsHead.Length)];
            if (_tools is null || !string.Equals(promptVersion, _promptVersion, StringComparison.Ordinal))
            {
                Remember(toolsHead, systemHead, tools.Length + system.Length, promptVersion);
                return;
            }

            _comparisons++;
            var offset = toolsHead.CommonPrefixLength(_tools);
            var sameTools = offset == toolsHead.Length && offset == _tools.Length;
            if (sameTools)
            {
                var sameSystem = systemHead.CommonPrefixLength(_system);
                if (sameSystem == systemHead.Length && sameSystem == _system.Length)
                {
                    // The common case of a stable feature: nothing to copy.
                    return;
                }

                offset += sameSystem;
            }

            var stableLength = tools.Length + system.Length;
            // Early: the prefix the two share is too short to cache, though the stable part would be long enough.
            if (offset < MinimumStableBytes && Math.Min(stableLength, _stableLength) >= MinimumStableBytes)
            {
                Record(model, offset, sameTools ? "system" : "tools", stableLength, Excerpt(_tools, _system, offset), Excerpt(toolsHead, systemHead, offset), now);
            }

            Remember(toolsHead, systemHead, stableLength, promptVersion);
        }

        private void Remember(ReadOnlySpan<byte> tools, ReadOnlySpan<byte> system, int stableLength, string? promptVersion)
        {
            _tools = tools.ToArray();
            _system = system.ToArray();
            _stableLength = stableLength;
            _promptVersion = promptVersion;
        }

        private void Record(string? model, int offset, string section, int stableLength, string previous, string current, DateTimeOffset now)
        {
            var divergences = (Finding?.Divergences ?? 0) + 1;
            var message = $"Consecutive prompts of feature '{feature}' differ in their {(section == "tools" ? "tool definitions" : "system prompt")}, " +
                $"at byte {offset} of the {stableLength} bytes of tools and system prompt the provider reads first: it cannot reuse a cached prefix past it. " +
                "Move what changes from call to call (a time, an id, a greeting) after the stable part, into the last user message.";
            Finding = new PrefixFinding(PrefixFinding.PrefixInstability, feature, model, section, offset, stableLength, divergences, _comparisons,
                Finding?.FirstSeen ?? now, now, previous, current, message);
        }

        /// <summary>A redacted excerpt of the tools and system bytes, read as one text, around <paramref name="offset"/>.</summary>
        private static string Excerpt(ReadOnlySpan<byte> tools, ReadOnlySpan<byte> system, int offset)
        {
            var from = Math.Max(0, offset - RedactedExcerpt.Before);
            var to = Math.Min(tools.Length + system.Length, offset + RedactedExcerpt.After);
            Span<byte> window = stackalloc byte[RedactedExcerpt.Before + RedactedExcerpt.After];
            var length = 0;
            for (var i = from; i < to; i++)
            {
                window[length++] = i < tools.Length ? tools[i] : system[i - tools.Length];
            }

            return RedactedExcerpt.Of(window[..length], cutBefore: from > 0, cutAfter: to < tools.Length + system.Length);
        }
    }
}
