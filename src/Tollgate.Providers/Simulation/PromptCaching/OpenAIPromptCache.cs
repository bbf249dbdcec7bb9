using System.Text.Json;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// OpenAI's automatic prompt caching: no markers; a prompt of <see cref="MinimumTokens"/> tokens or more reads the
/// longest prefix that an earlier prompt of the same model computed, counted from <see cref="MinimumTokens"/> in steps
/// of <see cref="StepTokens"/>, and leaves its own prefixes for the prompts after it. A prefix lives for the idle
/// time the simulator is given (OpenAI: "typically 5–10 minutes of inactivity") after it was last used, or 24 hours
/// when the request asks for <c>"prompt_cache_retention": "24h"</c>. <c>prompt_cache_key</c> only steers OpenAI's
/// routing between machines, which one simulator does not have, so it changes nothing here.
/// </summary>
internal sealed class OpenAIPromptCache(PromptCacheStore store, TimeSpan idle)
{
    /// <summary>The shortest prompt, and the shortest prefix, that OpenAI caches.</summary>
    public const int MinimumTokens = 1024;

    /// <summary>Cached prefixes grow in steps of this many tokens.</summary>
    public const int StepTokens = 128;

    /// <summary>The retention <c>"prompt_cache_retention": "24h"</c> asks for.</summary>
    public static readonly TimeSpan ExtendedRetention = TimeSpan.FromHours(24);

    /// <summary>The cached tokens of a chat completions call whose body counts <paramref name="promptTokens"/> prompt tokens.</summary>
    public long UseChat(JsonElement body, string model, long promptTokens)
    {
        // The tokens that prime the reply come after the prompt's last token and are never part of a cached prefix.
        if (promptTokens - TokenCounter.ReplyPriming < MinimumTokens)
        {
            return 0;
        }

        using var prefix = OpenAIChatPrompt.Read(body, model);
        return Use(prefix.Checkpoints, RetentionOf(body));
    }

    /// <summary>Reads the longest cached checkpoint (its length is the cached tokens), then caches every checkpoint.</summary>
    public long Use(IReadOnlyList<PromptCheckpoint> checkpoints, TimeSpan retention)
    {
        long cached = 0;
        for (var i = checkpoints.Count - 1; i >= 0; i--)
        {
            if (store.TryRead(checkpoints[i].Prefix))
            {
                cached = checkpoints[i].Tokens;
                break;
            }
        }

        foreach (var checkpoint in checkpoints)
        {
            store.Write(checkpoint.Prefix, retention);
        }

        return cached;
    }

    /// <summary>How long the prefixes of a request stay cached when unused.</summary>
    public TimeSpan RetentionOf(JsonElement body) =>
        body.TryGetProperty("prompt_cache_retention", out var retention) && retention.ValueKind == JsonValueKind.String && retention.ValueEquals("24h"u8)
            ? ExtendedRetention
            : idle;
}
