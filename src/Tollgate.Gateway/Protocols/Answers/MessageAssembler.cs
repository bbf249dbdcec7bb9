using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// An Anthropic message stream assembled into the <c>message</c> the provider answers without <c>stream</c>: the message
/// of <c>message_start</c>, its content blocks as each <c>content_block_start</c> gives them with their deltas added (text,
/// thinking and its signature, citations, a tool's input parsed from its <c>input_json_delta</c> pieces; a block that
/// comes whole, such as <c>redacted_thinking</c> or <c>web_search_tool_result</c>, as it came), then what
/// <c>message_delta</c> says (stop reason and sequence; its usage laid over the start's, which holds the input side).
/// </summary>
internal sealed class MessageAssembler : StreamAssembler
{
    private readonly SortedDictionary<int, Block> _blocks = [];
    private JsonObject? _message;

    protected override void AddEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        var payload = AnswerJson.ParseObject(data);
        var type = name.IsEmpty ? AnswerJson.String(payload["type"]) : Encoding.UTF8.GetString(name);
        switch (type)
        {
            case "message_start":
                _message = payload["message"]?.DeepClone() as JsonObject ?? throw new FormatException("message_start carries no message.");
                break;
            case "content_block_start":
                var block = payload["content_block"]?.DeepClone() as JsonObject ?? throw new FormatException("content_block_start carries no block.");
                _blocks[IndexOf(payload)] = new Block(block);
                break;
            case "content_block_delta":
                if (payload["delta"] is JsonObject delta)
                {
                    BlockAt(payload).Add(delta);
                }

                break;
            case "content_block_stop":
                BlockAt(payload).Finish();
                break;
            case "message_delta":
                AddMessageDelta(payload);
                break;
            case "message_stop":
                Finished = true;
                break;
            case "error":
                Fault = "error event";
                break;
        }
    }

    public override byte[] Build()
    {
        var message = _message ?? throw new FormatException("The stream has no message_start.");
        var content = new JsonArray();
        foreach (var block in _blocks.Values)
        {
            content.Add(block.Content.DeepClone());
        }

        message["content"] = content;
        return AnswerJson.Serialize(message);
    }

    private static int IndexOf(JsonObject payload) => AnswerJson.Int(payload["index"]) ?? throw new FormatException("A content block event has no index.");

    private Block BlockAt(JsonObject payload) =>
        _blocks.TryGetValue(IndexOf(payload), out var block) ? block : throw new FormatException("A content block event comes before its block's start.");

    private void AddMessageDelta(JsonObject payload)
    {
        var message = _message ?? throw new FormatException("message_delta comes before message_start.");
        if (payload["delta"] is JsonObject delta)
        {
            foreach (var (key, value) in delta)
            {
                message[key] = value?.DeepClone();
            }
        }

        if (payload["usage"] is JsonObject usage)
        {
            if (message["usage"] is not JsonObject total)
            {
                total = [];
                message["usage"] = total;
            }

            // Cumulative: each figure it gives replaces the start's; a null leaves the start's standing.
            foreach (var (key, value) in usage)
            {
                if (value is not null || !total.ContainsKey(key))
                {
                    total[key] = value?.DeepClone();
                }
            }
        }
    }

    private sealed class Block(JsonObject content)
    {
        private StringBuilder? _inputJson;

        public JsonObject Content { get; } = content;

        public void Add(JsonObject delta)
        {
            switch (AnswerJson.String(delta["type"]))
            {
                case "input_json_delta":
                    (_inputJson ??= new StringBuilder()).Append(AnswerJson.String(delta["partial_json"]));
                    break;
                case "citations_delta":
                    if (Content["citations"] is not JsonArray citations)
                    {
                        citations = [];
                        Content["citations"] = citations;
                    }

                    citations.Add(delta["citation"]?.DeepClone());
                    break;
                default:
                    // text_delta, thinking_delta, signature_delta and any later kind: each field adds to the block's own.
                    foreach (var (key, value) in delta)
                    {
                        if (key != "type")
                        {
                            AnswerJson.Merge(Content, key, value);
                        }
                    }

                    break;
            }
        }

        public void Finish()
        {
            // A tool whose input streamed: the pieces make its JSON; none (or only empty ones) leave the start's {}.
            if (_inputJson is { Length: > 0 } json && !string.IsNullOrWhiteSpace(json.ToString()))
            {
                Content["input"] = JsonNode.Parse(json.ToString());
            }

            _inputJson = null;
        }
    }
}
