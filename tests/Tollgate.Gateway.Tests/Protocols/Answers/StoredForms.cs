using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;
using Tollgate.Gateway.Relay;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>What the answer-form tests share: golden bytes, conversions both ways, and JSON compared by meaning.</summary>
internal static class StoredForms
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The whole body assembled from a recorded stream.</summary>
    public static JsonObject Assemble(ExchangeOperation operation, byte[] stream) =>
        Parse(AnswerForms.ToBody(operation, AnswerForms.SplitEvents(stream)));

    public static JsonObject AssembleGolden(ExchangeOperation operation, string file) => Assemble(operation, GoldenFiles.Read(file));

    public static JsonObject Parse(byte[] json) => JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("not an object");

    public static JsonObject Parse(string json) => Parse(Bytes(json));

    /// <summary>Each event's <c>event:</c> name (empty when none) and parsed data (null for <c>[DONE]</c>).</summary>
    public static List<(string Name, JsonObject? Data)> Events(byte[] stream)
    {
        var events = new List<(string, JsonObject?)>();
        foreach (var sseEvent in AnswerForms.SplitEvents(stream))
        {
            var data = SseEvents.Data(sseEvent.Span);
            var name = Encoding.UTF8.GetString(SseEvents.Name(sseEvent.Span));
            events.Add((name, data.SequenceEqual("[DONE]"u8) ? null : Parse(data.ToArray())));
        }

        return events;
    }

    /// <summary>Asserts two JSON documents mean the same (property order aside), showing both when they do not.</summary>
    public static void AssertSameJson(JsonNode expected, JsonNode actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nexpected: {expected.ToJsonString()}\nactual:   {actual.ToJsonString()}");
        }
    }

    /// <summary>A copy without the values that differ between two calls for the same answer (ids and timestamps), wherever they are.</summary>
    public static JsonNode WithoutIdsAndTimes(JsonNode node)
    {
        var copy = node.DeepClone();
        Blank(copy);
        return copy;
    }

    private static void Blank(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).ToList())
                {
                    if (key is "id" or "created" or "created_at" or "completed_at")
                    {
                        obj[key] = "*";
                    }
                    else
                    {
                        Blank(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Blank(item);
                }

                break;
        }
    }
}
