using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// Reads the fields the levers need from a request body in one forward pass (no DOM), and rejects bodies
/// the provider would reject for shape: not JSON, not an object, missing or mistyped <c>model</c> /
/// <c>messages</c> / <c>input</c>, mistyped <c>stream</c> or token limits. Everything else is the
/// provider's to judge and travels untouched.
/// </summary>
internal static class RequestReader
{
    public static RequestReadResult Read(ReadOnlySpan<byte> body, WireProtocol protocol, ExchangeOperation operation)
    {
        if (body.IsEmpty)
        {
            return RequestReadResult.Fail("The request body is empty; a JSON object is expected.", null);
        }

        try
        {
            return ReadObject(body, protocol, operation);
        }
        catch (JsonException)
        {
            return RequestReadResult.Fail("The request body is not valid JSON.", null);
        }
    }

    private static RequestReadResult ReadObject(ReadOnlySpan<byte> body, WireProtocol protocol, ExchangeOperation operation)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return RequestReadResult.Fail("The request body must be a JSON object.", null);
        }

        string? model = null, user = null;
        bool stream = false, includeUsage = false, hasTools = false, hasModel = false, hasMessages = false, hasInput = false, hasMaxTokens = false;
        long? maxTokens = null;
        double? temperature = null;

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return RequestReadResult.Fail("'model' must be a string.", "model");
                }

                model = reader.GetString();
                hasModel = !string.IsNullOrWhiteSpace(model);
            }
            else if (reader.ValueTextEquals("messages"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return RequestReadResult.Fail("'messages' must be an array of message objects.", "messages");
                }

                if (!reader.Read())
                {
                    break;
                }

                hasMessages = reader.TokenType != JsonTokenType.EndArray;
                while (reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return RequestReadResult.Fail("Each entry of 'messages' must be an object.", "messages");
                    }

                    reader.Skip();
                    reader.Read();
                }
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                hasInput = reader.TokenType is JsonTokenType.String or JsonTokenType.StartArray;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    stream = reader.GetBoolean();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return RequestReadResult.Fail("'stream' must be a boolean.", "stream");
                }
            }
            else if (reader.ValueTextEquals("stream_options"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var depth = reader.CurrentDepth;
                    while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
                    {
                        if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("include_usage"u8))
                        {
                            reader.Read();
                            includeUsage = reader.TokenType == JsonTokenType.True;
                        }
                        else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            reader.Skip();
                        }
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return RequestReadResult.Fail("'stream_options' must be an object.", "stream_options");
                }
            }
            else if (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8))
            {
                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    maxTokens = value;
                    hasMaxTokens = true;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return RequestReadResult.Fail($"'{name}' must be an integer.", name);
                }
            }
            else if (reader.ValueTextEquals("temperature"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    temperature = reader.GetDouble();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return RequestReadResult.Fail("'temperature' must be a number.", "temperature");
                }
            }
            else if (reader.ValueTextEquals("tools"u8))
            {
                reader.Read();
                hasTools = reader.TokenType == JsonTokenType.StartArray;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("user"u8) && protocol == WireProtocol.OpenAI)
            {
                reader.Read();
                user = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("metadata"u8) && protocol == WireProtocol.Anthropic)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var depth = reader.CurrentDepth;
                    while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
                    {
                        if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("user_id"u8))
                        {
                            reader.Read();
                            user = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        }
                        else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the root object (a second document, garbage) is malformed input too.
        while (reader.Read())
        {
        }

        if (!hasModel)
        {
            return RequestReadResult.Fail("'model' is required.", "model");
        }

        switch (operation)
        {
            case ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.CountTokens when !hasMessages:
                return RequestReadResult.Fail("'messages' is required and must not be empty.", "messages");
            case ExchangeOperation.Embeddings when !hasInput:
                return RequestReadResult.Fail("'input' is required: a string or an array.", "input");
            case ExchangeOperation.Messages when !hasMaxTokens:
                return RequestReadResult.Fail("'max_tokens' is required.", "max_tokens");
        }

        return RequestReadResult.Ok(new RequestFacts
        {
            Model = model,
            Stream = stream && operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages,
            ClientIncludesUsage = includeUsage,
            MaxTokens = maxTokens,
            User = user,
            Temperature = temperature,
            HasTools = hasTools,
        });
    }
}
