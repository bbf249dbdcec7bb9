using System.Text.Json;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// Anthropic's <c>cache_control</c> markers: on a tool, a system block or a message content block (explicit
/// breakpoints), or at the top level of the request (automatic caching: a breakpoint on the last cacheable block).
/// Checked as the API checks them, on <c>/v1/messages</c> and <c>count_tokens</c> alike: <c>{"type": "ephemeral"}</c>
/// with an optional <c>"ttl"</c> of <c>"5m"</c> or <c>"1h"</c>, at most <see cref="Maximum"/> breakpoints, and no
/// 1-hour breakpoint after a 5-minute one in the order the prompt is read (tools, system, messages).
/// </summary>
internal static class AnthropicCacheBreakpoints
{
    /// <summary>The most breakpoints one request may carry, the automatic one included.</summary>
    public const int Maximum = 4;

    public static RequestProblem? Check(JsonElement root)
    {
        var count = 0;
        var afterFiveMinutes = false;
        CacheLifetime? lastBlock = null;
        foreach (var block in Blocks(root))
        {
            if (!TryRead(block.Element, block, out var lifetime, out var problem))
            {
                return problem;
            }

            if (IsCacheable(block.Element))
            {
                lastBlock = lifetime;
            }

            if (lifetime is not { } ttl)
            {
                continue;
            }

            count++;
            if (ttl == CacheLifetime.OneHour && afterFiveMinutes)
            {
                return OrderProblem(block.Path + ".cache_control");
            }

            afterFiveMinutes |= ttl == CacheLifetime.FiveMinutes;
        }

        if (!TryRead(root, null, out var automatic, out var topProblem))
        {
            return topProblem;
        }

        if (automatic is { } auto)
        {
            if (lastBlock is { } explicitTtl)
            {
                if (explicitTtl != auto)
                {
                    return new RequestProblem("cache_control: the automatic cache breakpoint's ttl differs from the cache_control of the last cacheable block.");
                }
            }
            else
            {
                count++;
                if (auto == CacheLifetime.OneHour && afterFiveMinutes)
                {
                    return OrderProblem("cache_control");
                }
            }
        }

        return count > Maximum ? new RequestProblem($"A maximum of {Maximum} blocks with cache_control may be provided. Found {count}.") : null;
    }

    /// <summary>Whether the request carries any cache marker, explicit or automatic.</summary>
    public static bool Any(JsonElement root)
    {
        if (HasMarker(root))
        {
            return true;
        }

        foreach (var block in Blocks(root))
        {
            if (HasMarker(block.Element))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The breakpoint a block (or the request, for automatic caching) carries; the request was checked first.</summary>
    public static CacheLifetime? Of(JsonElement element)
    {
        if (!HasMarker(element))
        {
            return null;
        }

        return element.GetProperty("cache_control").TryGetProperty("ttl", out var ttl) && ttl.ValueKind == JsonValueKind.String && ttl.ValueEquals("1h"u8)
            ? CacheLifetime.OneHour
            : CacheLifetime.FiveMinutes;
    }

    /// <summary>
    /// Whether automatic caching may put its breakpoint on a block: not on thinking blocks or empty text, which the
    /// API walks back over.
    /// </summary>
    public static bool IsCacheable(JsonElement block) =>
        block.ValueKind switch
        {
            JsonValueKind.String => !block.ValueEquals(string.Empty),
            JsonValueKind.Object => JsonRead.String(block, "type") switch
            {
                "thinking" or "redacted_thinking" => false,
                "text" => JsonRead.String(block, "text") is { Length: > 0 },
                _ => true,
            },
            _ => false,
        };

    /// <summary>Every block that can carry a marker, in the order the prompt is read, with where it sits for error messages.</summary>
    public static IEnumerable<AnthropicBlock> Blocks(JsonElement root)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                yield return new AnthropicBlock(tool, "tools", i++, -1);
            }
        }

        if (root.TryGetProperty("system", out var system))
        {
            if (system.ValueKind == JsonValueKind.String)
            {
                yield return new AnthropicBlock(system, "system", -1, -1);
            }
            else if (system.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var part in system.EnumerateArray())
                {
                    yield return new AnthropicBlock(part, "system", i++, -1);
                }
            }
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            var m = 0;
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content))
                {
                    if (content.ValueKind == JsonValueKind.String)
                    {
                        yield return new AnthropicBlock(content, "messages", m, -1);
                    }
                    else if (content.ValueKind == JsonValueKind.Array)
                    {
                        var b = 0;
                        foreach (var part in content.EnumerateArray())
                        {
                            yield return new AnthropicBlock(part, "messages", m, b++);
                        }
                    }
                }

                m++;
            }
        }
    }

    private static bool HasMarker(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("cache_control", out var marker) && marker.ValueKind != JsonValueKind.Null;

    private static bool TryRead(JsonElement element, AnthropicBlock? block, out CacheLifetime? lifetime, out RequestProblem? problem)
    {
        lifetime = null;
        problem = null;
        if (!HasMarker(element))
        {
            return true;
        }

        var path = block is { } at ? at.Path + ".cache_control" : "cache_control";
        var marker = element.GetProperty("cache_control");
        if (marker.ValueKind != JsonValueKind.Object)
        {
            problem = new RequestProblem($"{path}: Input should be a valid dictionary or object to extract fields from");
            return false;
        }

        if (JsonRead.String(marker, "type") != "ephemeral")
        {
            problem = new RequestProblem($"{path}.type: Input should be 'ephemeral'");
            return false;
        }

        lifetime = CacheLifetime.FiveMinutes;
        if (marker.TryGetProperty("ttl", out var ttl) && ttl.ValueKind != JsonValueKind.Null)
        {
            if (ttl.ValueKind == JsonValueKind.String && ttl.ValueEquals("1h"u8))
            {
                lifetime = CacheLifetime.OneHour;
            }
            else if (ttl.ValueKind != JsonValueKind.String || !ttl.ValueEquals("5m"u8))
            {
                problem = new RequestProblem($"{path}.ephemeral.ttl: Input should be '5m' or '1h'");
                return false;
            }
        }

        return true;
    }

    private static RequestProblem OrderProblem(string markerPath) => new(
        $"{markerPath}.ttl: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. " +
        "Note that blocks are processed in the following order: `tools`, `system`, `messages`.");
}
