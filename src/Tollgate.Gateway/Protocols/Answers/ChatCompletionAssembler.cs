using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// A chat completion stream assembled into the <c>chat.completion</c> the provider answers without <c>stream</c>: the
/// chunks' id, created, model, service tier and system fingerprint; each choice (by <c>index</c>, so <c>n</c> &gt; 1
/// interleaved) with its deltas added up into a message (content, refusal, tool calls merged by their index, anything
/// else by <see cref="AnswerJson.Merge"/>), its logprobs joined and its finish reason; and the usage chunk's usage.
/// Fields the chunks carry that are not read here are kept as sent; only the stream's own (<c>object</c>,
/// <c>obfuscation</c>) are left out.
/// </summary>
internal sealed class ChatCompletionAssembler : StreamAssembler
{
    private readonly JsonObject _top = [];
    private readonly SortedDictionary<int, Choice> _choices = [];
    private JsonObject? _usage;
    private bool _anyChunk;

    protected override void AddEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            Finished = true;
            return;
        }

        var chunk = AnswerJson.ParseObject(data);
        if (chunk["error"] is not null)
        {
            Fault = "error event";
            return;
        }

        _anyChunk = true;
        foreach (var (key, value) in chunk)
        {
            switch (key)
            {
                case "choices":
                    foreach (var choice in value as JsonArray ?? [])
                    {
                        if (choice is JsonObject delta)
                        {
                            ChoiceAt(AnswerJson.Int(delta["index"]) ?? 0).Add(delta);
                        }
                    }

                    break;
                case "usage":
                    if (value is JsonObject usage)
                    {
                        _usage = (JsonObject)usage.DeepClone();
                    }

                    break;
                case "object" or "obfuscation":
                    break;
                default:
                    if (!_top.TryGetPropertyValue(key, out var kept) || kept is null)
                    {
                        _top[key] = value?.DeepClone();
                    }

                    break;
            }
        }
    }

    public override byte[] Build()
    {
        if (!_anyChunk)
        {
            throw new FormatException("The stream holds no chunk.");
        }

        // Field order as OpenAI writes a chat.completion.
        var body = new JsonObject();
        CopyTop(body, "id");
        body["object"] = "chat.completion";
        CopyTop(body, "created");
        CopyTop(body, "model");
        var choices = new JsonArray();
        foreach (var (index, choice) in _choices)
        {
            choices.Add(choice.Build(index));
        }

        body["choices"] = choices;
        if (_usage is not null)
        {
            body["usage"] = _usage;
        }

        CopyTop(body, "service_tier");
        CopyTop(body, "system_fingerprint");
        foreach (var (key, value) in _top)
        {
            if (!body.ContainsKey(key))
            {
                body[key] = value?.DeepClone();
            }
        }

        return AnswerJson.Serialize(body);
    }

    private void CopyTop(JsonObject body, string name)
    {
        if (_top.TryGetPropertyValue(name, out var value))
        {
            body[name] = value?.DeepClone();
        }
    }

    private Choice ChoiceAt(int index)
    {
        if (!_choices.TryGetValue(index, out var choice))
        {
            choice = new Choice();
            _choices[index] = choice;
        }

        return choice;
    }

    private sealed class Choice
    {
        private readonly JsonObject _message = [];
        private readonly SortedDictionary<int, JsonObject> _toolCalls = [];
        private readonly JsonObject _other = [];
        private JsonObject? _logprobs;
        private JsonNode? _finishReason;

        public void Add(JsonObject choice)
        {
            foreach (var (key, value) in choice)
            {
                switch (key)
                {
                    case "index":
                        break;
                    case "delta":
                        if (value is JsonObject delta)
                        {
                            AddDelta(delta);
                        }

                        break;
                    case "logprobs":
                        if (value is JsonObject logprobs)
                        {
                            _logprobs ??= [];
                            foreach (var (part, tokens) in logprobs)
                            {
                                AnswerJson.Merge(_logprobs, part, tokens);
                            }
                        }

                        break;
                    case "finish_reason":
                        if (value is not null)
                        {
                            _finishReason = value.DeepClone();
                        }

                        break;
                    default:
                        AnswerJson.Merge(_other, key, value);
                        break;
                }
            }
        }

        public JsonObject Build(int index)
        {
            // The message as OpenAI writes it whole: refusal null and annotations empty when there are none.
            var message = new JsonObject
            {
                ["role"] = Take("role") ?? "assistant",
                ["content"] = Take("content"),
            };
            if (_toolCalls.Count > 0)
            {
                var calls = new JsonArray();
                foreach (var call in _toolCalls.Values)
                {
                    calls.Add(BuildToolCall(call));
                }

                message["tool_calls"] = calls;
            }

            message["refusal"] = Take("refusal");
            message["annotations"] = Take("annotations") ?? new JsonArray();
            foreach (var (key, value) in _message)
            {
                if (!message.ContainsKey(key) && key != "tool_calls")
                {
                    message[key] = value?.DeepClone();
                }
            }

            var choice = new JsonObject
            {
                ["index"] = index,
                ["message"] = message,
                ["logprobs"] = _logprobs?.DeepClone(),
                ["finish_reason"] = _finishReason?.DeepClone(),
            };
            foreach (var (key, value) in _other)
            {
                choice[key] = value?.DeepClone();
            }

            return choice;
        }

        private static JsonObject BuildToolCall(JsonObject merged)
        {
            // A whole body's tool call has no index; id and type lead, as OpenAI writes them.
            var call = new JsonObject
            {
                ["id"] = merged["id"]?.DeepClone(),
                ["type"] = merged["type"]?.DeepClone() ?? (merged["function"] is null ? null : "function"),
            };
            foreach (var (key, value) in merged)
            {
                if (!call.ContainsKey(key) && key != "index")
                {
                    call[key] = value?.DeepClone();
                }
            }

            return call;
        }

        private JsonNode? Take(string name) => _message.TryGetPropertyValue(name, out var value) ? value?.DeepClone() : null;

        private void AddDelta(JsonObject delta)
        {
            foreach (var (key, value) in delta)
            {
                if (key != "tool_calls")
                {
                    AnswerJson.Merge(_message, key, value);
                    continue;
                }

                var position = 0;
                foreach (var fragment in value as JsonArray ?? [])
                {
                    if (fragment is JsonObject part)
                    {
                        var index = AnswerJson.Int(part["index"]) ?? position;
                        if (!_toolCalls.TryGetValue(index, out var call))
                        {
                            call = [];
                            _toolCalls[index] = call;
                        }

                        foreach (var (field, content) in part)
                        {
                            AnswerJson.Merge(call, field, content);
                        }
                    }

                    position++;
                }
            }
        }
    }
}
