using System.Text.Json;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// Anthropic's prompt caching, as its documentation describes it. A breakpoint writes one entry, the prefix up to and
/// including its block, kept for its TTL (5 minutes or 1 hour) after it was last written or read. A request reads the
/// longest prefix an earlier request wrote: from each breakpoint, last first, it looks back at most
/// <see cref="LookbackBlocks"/> blocks (the breakpoint's own included) for an entry. Billing follows the documented
/// positions: <c>A</c> the tokens up to the hit (read), <c>B</c> up to the last 1-hour breakpoint after <c>A</c>
/// (written at the 1-hour price), <c>C</c> up to the last breakpoint (the rest written at the 5-minute price), and
/// <c>input_tokens</c> is what comes after <c>C</c>. A breakpoint whose prefix is shorter than the model's minimum
/// cacheable length is neither written nor read, without an error.
/// </summary>
internal sealed class AnthropicPromptCache(PromptCacheStore store)
{
    /// <summary>How many block positions the API checks from each breakpoint.</summary>
    public const int LookbackBlocks = 20;

    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    /// <summary>The cache usage of a messages call whose body was checked by <see cref="AnthropicCacheBreakpoints.Check"/>.</summary>
    public PromptCacheUsage UseMessages(JsonElement body, string model) =>
        AnthropicCacheBreakpoints.Any(body) ? Use(AnthropicPrompt.Read(body, model), MinimumTokens(model)) : default;

    public PromptCacheUsage Use(IReadOnlyList<AnthropicPromptBlock> blocks, long minimumTokens)
    {
        var breakpoints = new List<int>(AnthropicCacheBreakpoints.Maximum);
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Breakpoint is not null && blocks[i].End >= minimumTokens)
            {
                breakpoints.Add(i);
            }
        }

        if (breakpoints.Count == 0)
        {
            return default;
        }

        var hit = FindLongestHit(blocks, breakpoints);
        var read = hit < 0 ? 0 : blocks[hit].End;

        // The earlier breakpoints' prefixes were used too: refresh them, as a read would.
        foreach (var index in breakpoints)
        {
            if (index < hit)
            {
                store.TryRead(blocks[index].Prefix);
            }
        }

        long oneHourEnd = read, lastEnd = read;
        foreach (var index in breakpoints)
        {
            var block = blocks[index];
            if (block.End <= read)
            {
                continue;
            }

            var oneHour = block.Breakpoint == CacheLifetime.OneHour;
            store.Write(block.Prefix, oneHour ? OneHour : FiveMinutes);
            oneHourEnd = oneHour ? block.End : oneHourEnd;
            lastEnd = block.End;
        }

        return new PromptCacheUsage(read, Write5mTokens: lastEnd - oneHourEnd, Write1hTokens: oneHourEnd - read);
    }

    /// <summary>
    /// The documented minimum cacheable prompt length of a Claude model: 4,096 tokens for Claude Opus 4.5 and 4.6 and
    /// Claude Haiku 4.5, 2,048 for Claude Opus 4.7 and the Claude 3 Haiku models, 1,024 for the others (the Sonnet
    /// models, Claude Opus 4, 4.1 and 4.8). Dated snapshots (<c>claude-haiku-4-5-20251001</c>) take their model's.
    /// </summary>
    public static long MinimumTokens(string model)
    {
        var name = model.AsSpan();
        if (name.StartsWith("claude-haiku-4-5", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("claude-opus-4-5", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("claude-opus-4-6", StringComparison.OrdinalIgnoreCase))
        {
            return 4096;
        }

        if (name.StartsWith("claude-opus-4-7", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("claude-3-5-haiku", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("claude-3-haiku", StringComparison.OrdinalIgnoreCase))
        {
            return 2048;
        }

        return 1024;
    }

    /// <summary>The block of the longest cached prefix within the breakpoints' lookback windows, or -1.</summary>
    private int FindLongestHit(IReadOnlyList<AnthropicPromptBlock> blocks, List<int> breakpoints)
    {
        for (var b = breakpoints.Count - 1; b >= 0; b--)
        {
            var from = breakpoints[b];
            for (var i = from; i >= 0 && i > from - LookbackBlocks; i--)
            {
                if (store.TryRead(blocks[i].Prefix))
                {
                    return i;
                }
            }
        }

        return -1;
    }
}
