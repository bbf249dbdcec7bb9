using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

/// <summary>Messages bodies with <c>cache_control</c> breakpoints, and the cache figures of an answer's usage.</summary>
internal static class AnthropicCacheBodies
{
    public const string Sonnet = "claude-sonnet-4-5";
    public const string Haiku = "claude-haiku-4-5";
    public const string MessagesPath = "v1/messages";

    public static JsonObject Marker(string? ttl = null) =>
        ttl is null ? new JsonObject { ["type"] = "ephemeral" } : new JsonObject { ["type"] = "ephemeral", ["ttl"] = ttl };

    public static JsonObject Text(string text, JsonObject? marker = null)
    {
        var block = new JsonObject { ["type"] = "text", ["text"] = text };
        if (marker is not null)
        {
            block["cache_control"] = marker;
        }

        return block;
    }

    public static JsonObject User(params JsonNode[] blocks) => new() { ["role"] = "user", ["content"] = new JsonArray(blocks) };

    public static JsonObject Assistant(string text) => new() { ["role"] = "assistant", ["content"] = text };

    public static JsonObject Body(string model, JsonArray? system, params JsonNode[] messages)
    {
        var body = new JsonObject { ["model"] = model, ["max_tokens"] = 64 };
        if (system is not null)
        {
            body["system"] = system;
        }

        body["messages"] = new JsonArray(messages);
        return body;
    }

    /// <summary>A long system prompt with a breakpoint, then a short question.</summary>
    public static JsonObject CachedSystem(string model, string topic, string question, string? ttl = null) =>
        Body(model, [Text(LongText.Of(topic, 80), Marker(ttl))], User(Text(question)));

    /// <summary>The tokens of the body's system prompt: what a breakpoint on its last block caches.</summary>
    public static async Task<long> SystemTokensAsync(CachingSimulator simulator, JsonObject body)
    {
        var withoutSystem = body.DeepClone().AsObject();
        withoutSystem.Remove("system");
        return await simulator.CountTokensAsync(body) - await simulator.CountTokensAsync(withoutSystem);
    }

    public static (long Input, long Write, long Read, long Write5m, long Write1h) Read(JsonElement usage) => (
        usage.GetProperty("input_tokens").GetInt64(),
        usage.GetProperty("cache_creation_input_tokens").GetInt64(),
        usage.GetProperty("cache_read_input_tokens").GetInt64(),
        usage.GetProperty("cache_creation").GetProperty("ephemeral_5m_input_tokens").GetInt64(),
        usage.GetProperty("cache_creation").GetProperty("ephemeral_1h_input_tokens").GetInt64());
}
