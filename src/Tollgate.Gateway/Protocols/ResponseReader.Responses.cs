using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// The Responses API half of the reader: a whole response object, a stream event (the response object nested under
/// <c>response</c>), an <c>error</c> event or an error body. Usage is <c>ResponseUsage</c>: <c>input_tokens</c> counts
/// every prompt token, <c>input_tokens_details.cached_tokens</c> (and <c>cache_write_tokens</c> where a provider
/// reports them) are parts of it, and <c>output_tokens</c> includes the reasoning tokens. Usage is present only once
/// final (the whole response, the terminal event); it is <c>null</c> before.
/// </summary>
internal static partial class ResponseReader
{
    public static bool TryReadResponses(ReadOnlySpan<byte> json, ref ResponseFacts facts)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            ReadResponseObject(ref reader, ref facts, nested: false);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void ReadResponseObject(ref Utf8JsonReader reader, ref ResponseFacts facts, bool nested)
    {
        // An `error` stream event carries its code at the top: {"type":"error","code":…,"message":…}.
        bool errorEvent = false;
        string? code = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    facts.Model = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadResponsesUsage(ref reader, ref facts);
                    facts.UsageFinal = true;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                // A stream event's own fields name no id of the response (items carry theirs one level down, skipped).
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    facts.ResponseId = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    facts.ResponseStatus = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("incomplete_details"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadIncompleteDetails(ref reader, ref facts);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("output"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    facts.BuiltInToolCalls = CountBuiltInToolCalls(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadError(ref reader, ref facts);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (!nested && reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadResponseObject(ref reader, ref facts, nested: true);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (!nested && reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                errorEvent = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
            }
            else if (!nested && reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (errorEvent)
        {
            facts.ErrorType = code ?? "error";
        }
    }

    private static void ReadResponsesUsage(ref Utf8JsonReader reader, ref ResponseFacts facts)
    {
        facts.HasUsage = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                facts.InputTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                facts.OutputTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("input_tokens_details"u8))
            {
                ReadInputTokenDetails(ref reader, ref facts);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>On an <c>incomplete_details</c> object: whether the output limit left the response incomplete; ends on its closing brace.</summary>
    private static void ReadIncompleteDetails(ref Utf8JsonReader reader, ref ResponseFacts facts)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var isReason = reader.ValueTextEquals("reason"u8);
            reader.Read();
            if (isReason && reader.TokenType == JsonTokenType.String)
            {
                facts.StoppedAtOutputLimit |= reader.ValueTextEquals(OutputLimitStops.ResponsesIncompleteReason);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>On the <c>output</c> array: counts the items of a built-in tool the provider bills per call; ends on the closing bracket.</summary>
    private static BuiltInToolCalls CountBuiltInToolCalls(ref Utf8JsonReader reader)
    {
        int webSearch = 0, fileSearch = 0, codeInterpreter = 0, imageGeneration = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (!isType || reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("web_search_call"u8))
                {
                    webSearch++;
                }
                else if (reader.ValueTextEquals("file_search_call"u8))
                {
                    fileSearch++;
                }
                else if (reader.ValueTextEquals("code_interpreter_call"u8))
                {
                    codeInterpreter++;
                }
                else if (reader.ValueTextEquals("image_generation_call"u8))
                {
                    imageGeneration++;
                }
            }
        }

        return new BuiltInToolCalls(webSearch, fileSearch, codeInterpreter, imageGeneration);
    }
}
