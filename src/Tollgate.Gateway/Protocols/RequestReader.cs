using System.Globalization;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// Reads the fields the levers need from a request body in one forward pass (no DOM), and rejects bodies
/// the provider would reject for the shape of those fields: not JSON, not an object, missing or mistyped
/// <c>model</c> / <c>messages</c> / <c>input</c>, mistyped <c>stream</c> (and, for the Responses API,
/// <c>background</c>, <c>store</c>, <c>previous_response_id</c>), token limits that are not integers of at least 1, a field read here whose text has no UTF-8 form. The refusals are worded as the provider
/// words them (<see cref="RequestProblems"/>). Everything else is the provider's to judge and travels
/// untouched, text with no UTF-8 form included: the provider answers it.
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

        var responses = operation is ExchangeOperation.Responses or ExchangeOperation.ResponsesInputTokens;
        string? model = null, user = null, previousResponseId = null;
        bool stream = false, includeUsage = false, hasTools = false, hasModel = false, hasMessages = false, sawMessages = false, hasInput = false, emptyInput = false, hasMaxTokens = false;
        bool conversation = false, hasPrompt = false, background = false, store = true;
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
                    return RequestProblems.WrongType(protocol, "model", "a string", "a valid string", ref reader);
                }

                if (JsonTextCheck.InCurrentToken(ref reader) is { } fault)
                {
                    return RequestProblems.UnsoundText("model", fault.Describe(body));
                }

                model = reader.GetString();
                if (model is not null && !IsPrintableAscii(model))
                {
                    return RequestProblems.UnprintableModel(protocol);
                }

                hasModel = !string.IsNullOrWhiteSpace(model);
            }
            else if (reader.ValueTextEquals("messages"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return RequestProblems.WrongType(protocol, "messages", "an array of objects", "a valid list", ref reader);
                }

                if (!reader.Read())
                {
                    break;
                }

                sawMessages = true;
                hasMessages = reader.TokenType != JsonTokenType.EndArray;
                for (var index = 0; reader.TokenType != JsonTokenType.EndArray; index++)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return RequestProblems.WrongType(protocol, string.Create(CultureInfo.InvariantCulture, $"messages[{index}]"), "an object", "a valid dictionary", ref reader);
                    }

                    reader.Skip();
                    reader.Read();
                }
            }
            else if (responses && reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.StartArray or JsonTokenType.Null))
                {
                    return RequestProblems.WrongType(protocol, "input", "one of a string or array of input items", "a valid list", ref reader);
                }

                hasInput = reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else if (responses && reader.ValueTextEquals("max_output_tokens"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    // As max_tokens: a limit below 1 asks for nothing, and a budget would reserve a negative cost.
                    if (value < 1)
                    {
                        return RequestProblems.BelowMinimum(protocol, "max_output_tokens", value, minimum: 1);
                    }

                    maxTokens = value;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return RequestProblems.WrongType(protocol, "max_output_tokens", "an integer", "a valid integer", ref reader);
                }
            }
            else if (responses && (reader.ValueTextEquals("background"u8) || reader.ValueTextEquals("store"u8)))
            {
                var isBackground = reader.ValueTextEquals("background"u8);
                reader.Read();
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    if (isBackground)
                    {
                        background = reader.GetBoolean();
                    }
                    else
                    {
                        store = reader.GetBoolean();
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return RequestProblems.WrongType(protocol, isBackground ? "background" : "store", "a boolean", "a valid boolean", ref reader);
                }
            }
            else if (responses && reader.ValueTextEquals("previous_response_id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (JsonTextCheck.InCurrentToken(ref reader) is { } fault)
                    {
                        return RequestProblems.UnsoundText("previous_response_id", fault.Describe(body));
                    }

                    previousResponseId = reader.GetString();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return RequestProblems.WrongType(protocol, "previous_response_id", "a string", "a valid string", ref reader);
                }
            }
            else if (responses && (reader.ValueTextEquals("conversation"u8) || reader.ValueTextEquals("prompt"u8)))
            {
                // Either gives the model something to answer without an input; the provider judges their shape.
                var isConversation = reader.ValueTextEquals("conversation"u8);
                reader.Read();
                var given = reader.TokenType != JsonTokenType.Null;
                conversation |= isConversation && given;
                hasPrompt |= !isConversation && given;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                hasInput = reader.TokenType is JsonTokenType.String or JsonTokenType.StartArray;
                emptyInput = reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty;
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    reader.Read();
                    emptyInput = reader.TokenType == JsonTokenType.EndArray;
                    while (reader.TokenType != JsonTokenType.EndArray)
                    {
                        reader.Skip();
                        reader.Read();
                    }
                }
                else
                {
                    reader.Skip();
                }
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
                    return RequestProblems.WrongType(protocol, "stream", "a boolean", "a valid boolean", ref reader);
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
                    return RequestProblems.WrongType(protocol, "stream_options", "an object", "a valid dictionary", ref reader);
                }
            }
            else if (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8))
            {
                var name = reader.ValueTextEquals("max_tokens"u8) ? "max_tokens" : "max_completion_tokens";
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    // A limit below 1 asks for nothing; the providers refuse it, and a budget would reserve a negative cost.
                    if (value < 1)
                    {
                        return RequestProblems.BelowMinimum(protocol, name, value, minimum: 1);
                    }

                    maxTokens = value;
                    hasMaxTokens = true;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return RequestProblems.WrongType(protocol, name, "an integer", "a valid integer", ref reader);
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
                    return RequestProblems.WrongType(protocol, "temperature", "a number", "a valid number", ref reader);
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
                if (reader.TokenType == JsonTokenType.String && JsonTextCheck.InCurrentToken(ref reader) is { } fault)
                {
                    return RequestProblems.UnsoundText("user", fault.Describe(body));
                }

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
                            if (reader.TokenType == JsonTokenType.String && JsonTextCheck.InCurrentToken(ref reader) is { } fault)
                            {
                                return RequestProblems.UnsoundText("metadata", fault.Describe(body));
                            }

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

        // Counting input tokens needs no model: the provider counts with a default one.
        if (!hasModel && operation != ExchangeOperation.ResponsesInputTokens)
        {
            return RequestProblems.Missing(protocol, "model");
        }

        switch (operation)
        {
            case ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.CountTokens when !hasMessages:
                return sawMessages ? RequestProblems.EmptyMessages(protocol) : RequestProblems.Missing(protocol, "messages");
            case ExchangeOperation.Embeddings when !hasInput:
                return RequestProblems.Missing(protocol, "input");
            case ExchangeOperation.Embeddings when emptyInput:
                return RequestProblems.InvalidInput();
            case ExchangeOperation.Messages when !hasMaxTokens:
                return RequestProblems.Missing(protocol, "max_tokens");

            // A response needs something to answer: the input, or state that stands for it.
            case ExchangeOperation.Responses when !hasInput && previousResponseId is null && !conversation && !hasPrompt:
                return RequestProblems.Missing(protocol, "input");
        }

        return RequestReadResult.Ok(new RequestFacts
        {
            Model = model,
            Stream = stream && operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses,
            ClientIncludesUsage = includeUsage,
            MaxTokens = maxTokens,
            User = user,
            Temperature = temperature,
            HasTools = hasTools,
            PreviousResponseId = previousResponseId,
            Conversation = conversation,
            Background = background,
            Store = store,
        });
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
