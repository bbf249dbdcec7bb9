using System.Text;
using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// The output of a Responses API answer made from an Anthropic message, item by item (a message with its text, a
/// function call with its arguments), and the response object around it. Ids are derived from Anthropic's, so the
/// whole answer and the stream of the same message name the same items.
/// </summary>
internal sealed class ResponsesOutput
{
    private readonly List<Item> _items = new(2);

    public string ResponseId { get; private set; } = "resp_";

    public string? Model { get; private set; }

    public long CreatedAt { get; } = TranslationJson.Now();

    public string? StopReason { get; set; }

    public UsageCounts Usage;

    public int Count => _items.Count;

    public Item At(int index) => _items[index];

    public void Start(string? messageId, string? model)
    {
        var id = messageId ?? string.Empty;
        ResponseId = "resp_" + (id.StartsWith("msg_", StringComparison.Ordinal) ? id[4..] : id);
        Model = model;
    }

    public Item AddMessage()
    {
        var item = new Item(isMessage: true, "msg_" + ResponseId[5..] + "_" + _items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null);
        _items.Add(item);
        return item;
    }

    public Item AddFunctionCall(string? callId, string? name)
    {
        var item = new Item(isMessage: false, "fc_" + callId, callId, name);
        _items.Add(item);
        return item;
    }

    /// <summary>Writes the response object; <paramref name="finished"/> adds its output, status and usage.</summary>
    public void WriteResponse(Utf8JsonWriter writer, bool finished)
    {
        var incomplete = finished && StopReasons.IsIncomplete(StopReason);
        writer.WriteStartObject();
        writer.WriteString("id", ResponseId);
        writer.WriteString("object", "response");
        writer.WriteNumber("created_at", CreatedAt);
        writer.WriteString("status", !finished ? "in_progress" : incomplete ? "incomplete" : "completed");
        writer.WriteBoolean("background", false);
        writer.WriteNull("error");
        if (incomplete)
        {
            writer.WriteStartObject("incomplete_details");
            writer.WriteString("reason", "max_output_tokens");
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("incomplete_details");
        }

        writer.WriteNull("instructions");
        writer.WriteString("model", Model);
        writer.WriteStartArray("output");
        if (finished)
        {
            foreach (var item in _items)
            {
                item.Write(writer, completed: true);
            }
        }

        writer.WriteEndArray();
        writer.WriteBoolean("parallel_tool_calls", true);
        writer.WriteNull("previous_response_id");
        writer.WriteBoolean("store", false);
        writer.WriteString("tool_choice", "auto");
        writer.WriteStartArray("tools");
        writer.WriteEndArray();
        writer.WriteString("truncation", "disabled");
        if (finished)
        {
            Usage.WriteResponses(writer);
        }
        else
        {
            writer.WriteNull("usage");
        }

        writer.WriteStartObject("metadata");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>One output item: a message (its text) or a function call (its arguments).</summary>
    internal sealed class Item(bool isMessage, string id, string? callId, string? name)
    {
        public bool IsMessage { get; } = isMessage;

        public string Id { get; } = id;

        public StringBuilder Text { get; } = new();

        public void Write(Utf8JsonWriter writer, bool completed)
        {
            writer.WriteStartObject();
            writer.WriteString("id", Id);
            writer.WriteString("type", IsMessage ? "message" : "function_call");
            writer.WriteString("status", completed ? "completed" : "in_progress");
            if (IsMessage)
            {
                writer.WriteString("role", "assistant");
                writer.WriteStartArray("content");
                if (completed)
                {
                    WriteTextPart(writer, Text.ToString());
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("arguments", completed ? Text.ToString() : string.Empty);
                writer.WriteString("call_id", callId);
                writer.WriteString("name", name);
            }

            writer.WriteEndObject();
        }

        public static void WriteTextPart(Utf8JsonWriter writer, string text)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "output_text");
            writer.WriteStartArray("annotations");
            writer.WriteEndArray();
            writer.WriteStartArray("logprobs");
            writer.WriteEndArray();
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }
    }
}
