using System.Text.Json.Nodes;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>
/// The byte editor checked against a second, independent way of making the same edits: on a parsed tree. Across
/// hundreds of bodies of random shape, layout and member order, the edited bytes must parse to the same tree, with
/// members in the same order, as the original tree edited by hand.
/// </summary>
public sealed class RequestEditOracleTests
{
    private static readonly string[] Additions = ["</answer>", "END"];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void OpenAI_chat_bodies_edited_as_bytes_equal_the_same_edits_made_on_the_tree(int seed)
    {
        var random = new RandomRequestBodies(seed);
        for (var round = 0; round < 25; round++)
        {
            var original = random.OpenAIChat();
            var json = random.Write(original);
            var (edits, expected) = Edit(random, original.DeepClone().AsObject(), openAI: true);

            var edited = JsonNode.Parse(EditedBody.OpenAIChat(json, edits))!;

            Assert.True(expected.ToJsonString() == edited.ToJsonString(), $"Body: {json}\nExpected: {expected.ToJsonString()}\nEdited:   {edited.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Anthropic_bodies_edited_as_bytes_equal_the_same_edits_made_on_the_tree(int seed)
    {
        var random = new RandomRequestBodies(seed);
        for (var round = 0; round < 25; round++)
        {
            var original = random.AnthropicMessages();
            var json = random.Write(original);
            var (edits, expected) = Edit(random, original.DeepClone().AsObject(), openAI: false);

            var edited = JsonNode.Parse(EditedBody.AnthropicMessages(json, edits))!;

            Assert.True(expected.ToJsonString() == edited.ToJsonString(), $"Body: {json}\nExpected: {expected.ToJsonString()}\nEdited:   {edited.ToJsonString()}");
        }
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 20)];

    /// <summary>Records a random set of edits, and makes them on <paramref name="tree"/> the plain way.</summary>
    private static (RequestEdits Edits, JsonObject Expected) Edit(RandomRequestBodies random, JsonObject tree, bool openAI)
    {
        var edits = new RequestEdits();
        var added = new List<KeyValuePair<string, JsonNode?>>();
        if (random.Chance(50))
        {
            edits.SetModel("gpt-4o-mini", "route");
            SetOrAdd(tree, added, "model", "gpt-4o-mini");
        }

        if (random.Chance(50))
        {
            edits.SetMaxOutputTokens(256, "budget");
            var clientNames = openAI ? new[] { "max_tokens", "max_completion_tokens" } : ["max_tokens"];
            var used = clientNames.Where(tree.ContainsKey).ToList();
            foreach (var name in used)
            {
                tree[name] = 256;
            }

            if (used.Count == 0)
            {
                added.Add(new(openAI ? "max_completion_tokens" : "max_tokens", 256));
            }
        }

        if (openAI && random.Chance(50))
        {
            edits.IncludeStreamUsage("usage");
            if (tree["stream_options"] is JsonObject options)
            {
                options.Remove("include_usage");
                options["include_usage"] = true;
            }
            else
            {
                SetOrAdd(tree, added, "stream_options", new JsonObject { ["include_usage"] = true });
            }
        }

        if (random.Chance(50))
        {
            var stops = Additions.Take(1 + random.Next(2)).ToList();
            stops.ForEach(stop => edits.AddStopSequence(stop, "shape"));
            var name = openAI ? "stop" : "stop_sequences";
            var client = tree[name] switch
            {
                JsonArray array => array.Select(node => (string)node!).ToList(),
                JsonValue value => [(string)value!],
                _ => new List<string>(),
            };
            var all = client.Concat(stops.Where(stop => !client.Contains(stop))).Take(Math.Max(client.Count, openAI ? 4 : int.MaxValue)).ToList();
            if (all.Count > client.Count || tree[name] is null)
            {
                SetOrAdd(tree, added, name, new JsonArray([.. all.Select(stop => JsonValue.Create(stop))]));
            }
        }

        if (random.Chance(50))
        {
            edits.AppendToSystemPrompt("Be brief.", "shape");
            if (openAI)
            {
                AppendToSystemMessage(tree["messages"]!.AsArray());
            }
            else
            {
                SetOrAdd(tree, added, "system", Appended(tree["system"]));
            }
        }

        if (random.Chance(50))
        {
            var key = openAI ? "prompt_cache_key" : "cache_control";
            edits.SetProperty(key, "{\"set\":true}"u8, "cache");
            SetOrAdd(tree, added, key, new JsonObject { ["set"] = true });
        }

        if (random.Chance(50))
        {
            var key = openAI ? "user" : "metadata";
            edits.RemoveProperty(key, "privacy");
            tree.Remove(key);
        }

        foreach (var (name, value) in added)
        {
            tree[name] = value;
        }

        return (edits, tree);
    }

    private static void AppendToSystemMessage(JsonArray messages)
    {
        foreach (var message in messages.OfType<JsonObject>())
        {
            if ((string?)message["role"] is "system" or "developer")
            {
                message["content"] = Appended(message["content"]);
                return;
            }
        }

        messages.Insert(0, new JsonObject { ["role"] = "system", ["content"] = "Be brief." });
    }

    private static JsonNode Appended(JsonNode? content) => content switch
    {
        JsonArray parts => Append(parts),
        JsonValue text when (string)text! != "" => $"{(string)text!}\n\nBe brief.",
        _ => "Be brief.",
    };

    private static JsonArray Append(JsonArray parts)
    {
        parts.Add((JsonNode)new JsonObject { ["type"] = "text", ["text"] = "Be brief." });
        return parts;
    }

    /// <summary>Replaces a member where it stands, or notes it for the end, where added members go in edit order.</summary>
    private static void SetOrAdd(JsonObject tree, List<KeyValuePair<string, JsonNode?>> added, string name, JsonNode value)
    {
        if (tree.ContainsKey(name))
        {
            tree[name] = value;
        }
        else
        {
            added.Add(new(name, value));
        }
    }
}
