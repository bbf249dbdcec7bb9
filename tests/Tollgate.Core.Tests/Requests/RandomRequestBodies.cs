using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Core.Tests.Requests;

/// <summary>
/// Request bodies of random shape for one protocol: members in random order, each edited member present or
/// absent in every form the protocol allows, unknown members, random whitespace, and names sometimes written
/// with <c>\u</c> escapes. Seeded, so a failure names a body that can be made again.
/// </summary>
internal sealed class RandomRequestBodies(int seed)
{
    private static readonly string[] Whitespace = ["", "", " ", "\n  ", "\t", "\r\n"];
    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public bool Chance(int percent) => _random.Next(100) < percent;

    public T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

    public JsonObject OpenAIChat()
    {
        var members = new List<KeyValuePair<string, JsonNode?>>
        {
            new("model", "gpt-4o"),
            new("messages", Messages(["system", "developer", "user", "assistant"])),
            new("stream", true),
            new("x_vendor", new JsonObject { ["nested"] = new JsonArray(1, "two", new JsonObject { ["model"] = "inner" }) }),
        };
        Maybe(members, "max_tokens", () => Pick<JsonNode?>(4096, null));
        Maybe(members, "max_completion_tokens", () => Pick<JsonNode?>(2048, null));
        Maybe(members, "stop", () => Pick<JsonNode?>(null, "END", Strings(Next(5))));
        Maybe(members, "stream_options", StreamOptions);
        Maybe(members, "user", () => "u-1");
        Maybe(members, "prompt_cache_key", () => "old-key");
        return Shuffled(members);
    }

    public JsonObject AnthropicMessages()
    {
        var members = new List<KeyValuePair<string, JsonNode?>>
        {
            new("model", "claude-sonnet-4"),
            new("max_tokens", 1024),
            new("messages", Messages(["user", "assistant"])),
            new("metadata", new JsonObject { ["user_id"] = "u-1" }),
        };
        Maybe(members, "system", () => Pick<JsonNode?>(null, "", "You are terse.", TextParts(Next(3))));
        Maybe(members, "stop_sequences", () => Pick<JsonNode?>(null, Strings(Next(5))));
        Maybe(members, "cache_control", () => new JsonObject { ["type"] = "old" });
        Maybe(members, "thinking", () => new JsonObject { ["type"] = "enabled", ["budget_tokens"] = 2000 });
        return Shuffled(members);
    }

    /// <summary>The node as JSON text with random whitespace between tokens and some names escaped.</summary>
    public string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject obj:
                text.Append('{').Append(Space());
                var first = true;
                foreach (var (name, value) in obj)
                {
                    text.Append(first ? "" : "," + Space());
                    first = false;
                    text.Append(Name(name)).Append(Space()).Append(':').Append(Space());
                    Write(value, text);
                    text.Append(Space());
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[').Append(Space());
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : "," + Space());
                    Write(array[i], text);
                    text.Append(Space());
                }

                text.Append(']');
                break;
            default:
                text.Append(node is null ? "null" : node.ToJsonString());
                break;
        }
    }

    private string Space() => Whitespace[_random.Next(Whitespace.Length)];

    private string Name(string name)
    {
        if (!Chance(15))
        {
            return JsonValue.Create(name).ToJsonString();
        }

        // The same name, one of its letters written as a \u escape.
        var at = _random.Next(name.Length);
        return "\"" + name[..at] + $"\\u{(int)name[at]:x4}" + name[(at + 1)..] + "\"";
    }

    private JsonArray Messages(string[] roles)
    {
        var messages = new JsonArray();
        for (var i = Next(4); i > 0; i--)
        {
            var members = new List<KeyValuePair<string, JsonNode?>> { new("role", Pick(roles)) };
            if (!Chance(10))
            {
                members.Add(new("content", Pick<JsonNode?>(null, "", "Hello there.", TextParts(Next(3)))));
            }

            Maybe(members, "name", () => "n");
            messages.Add((JsonNode)Shuffled(members));
        }

        return messages;
    }

    private JsonNode? StreamOptions()
    {
        if (Chance(20))
        {
            return null;
        }

        var members = new List<KeyValuePair<string, JsonNode?>>();
        Maybe(members, "include_usage", () => Chance(50));
        Maybe(members, "include_obfuscation", () => false);
        Maybe(members, "x", () => new JsonObject { ["include_usage"] = "inner" });
        return Shuffled(members);
    }

    private JsonArray TextParts(int count)
    {
        var parts = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            parts.Add((JsonNode)new JsonObject { ["type"] = "text", ["text"] = $"part {i}" });
        }

        return parts;
    }

    private JsonArray Strings(int count)
    {
        var strings = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            strings.Add(JsonValue.Create(Pick("END", "</answer>", "###", $"s{i}")));
        }

        return strings;
    }

    private void Maybe(List<KeyValuePair<string, JsonNode?>> members, string name, Func<JsonNode?> value)
    {
        if (Chance(50))
        {
            members.Add(new(name, value()));
        }
    }

    private JsonObject Shuffled(List<KeyValuePair<string, JsonNode?>> members)
    {
        var array = members.ToArray();
        _random.Shuffle(array);
        return new JsonObject(array);
    }
}
