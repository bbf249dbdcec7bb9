using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>The JSON shapes of OpenAI's Responses API: the <c>response</c> object, its output items and its usage.</summary>
internal static class ResponsesWire
{
    /// <summary>A fresh id shaped like OpenAI's (<c>resp_</c>, <c>msg_</c>, <c>fc_</c>, <c>ws_</c> and 48 hex digits).</summary>
    public static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static ReadOnlySpan<byte> StatusName(ResponseStatus status) => status switch
    {
        ResponseStatus.Queued => "queued"u8,
        ResponseStatus.InProgress => "in_progress"u8,
        ResponseStatus.Incomplete => "incomplete"u8,
        ResponseStatus.Cancelled => "cancelled"u8,
        _ => "completed"u8,
    };

    /// <summary>
    /// Writes the <c>response</c> object in <paramref name="status"/>: a finished one (completed or incomplete) with its
    /// output and usage, any other with no output and <c>usage: null</c>, as OpenAI shows a response still running.
    /// </summary>
    public static void WriteResponse(Utf8JsonWriter writer, StoredResponse response, ResponseStatus status)
    {
        var finished = status is ResponseStatus.Completed or ResponseStatus.Incomplete;
        var settings = response.Settings;
        writer.WriteStartObject();
        writer.WriteString("id"u8, response.Id);
        writer.WriteString("object"u8, "response"u8);
        writer.WriteNumber("created_at"u8, response.CreatedAt);
        writer.WriteString("status"u8, StatusName(status));
        writer.WriteBoolean("background"u8, response.Background);
        if (finished)
        {
            writer.WriteNumber("completed_at"u8, response.Background ? response.ReadyAt.ToUnixTimeSeconds() : response.CreatedAt);
        }
        else
        {
            writer.WriteNull("completed_at"u8);
        }

        writer.WriteNull("error"u8);
        if (finished && response.Truncated)
        {
            writer.WriteStartObject("incomplete_details"u8);
            writer.WriteString("reason"u8, "max_output_tokens"u8);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("incomplete_details"u8);
        }

        Echo(writer, settings, "instructions");
        Echo(writer, settings, "max_output_tokens");
        Echo(writer, settings, "max_tool_calls");
        writer.WriteString("model"u8, response.Model);
        writer.WriteStartArray("output"u8);
        if (finished)
        {
            foreach (var item in response.OutputItems)
            {
                item.WriteTo(writer);
            }
        }

        writer.WriteEndArray();
        Echo(writer, settings, "parallel_tool_calls", "true"u8);
        Echo(writer, settings, "previous_response_id");
        Echo(writer, settings, "prompt_cache_key");
        Echo(writer, settings, "reasoning", """{"effort":null,"summary":null}"""u8);
        Echo(writer, settings, "safety_identifier");
        Echo(writer, settings, "service_tier", "\"default\""u8);
        writer.WriteBoolean("store"u8, response.Store);
        Echo(writer, settings, "temperature", "1.0"u8);
        Echo(writer, settings, "text", """{"format":{"type":"text"},"verbosity":"medium"}"""u8);
        Echo(writer, settings, "tool_choice", "\"auto\""u8);
        Echo(writer, settings, "tools", "[]"u8);
        Echo(writer, settings, "top_logprobs", "0"u8);
        Echo(writer, settings, "top_p", "1.0"u8);
        Echo(writer, settings, "truncation", "\"disabled\""u8);
        if (finished)
        {
            WriteUsage(writer, response.InputTokens, response.CachedTokens, response.OutputTokens);
        }
        else
        {
            writer.WriteNull("usage"u8);
        }

        Echo(writer, settings, "user");
        Echo(writer, settings, "metadata", "{}"u8);
        if (settings.TryGetProperty("conversation", out var conversation))
        {
            // The simulator keeps no conversations: the one named is echoed, as {"id": …}, and nothing more.
            writer.WriteStartObject("conversation"u8);
            writer.WritePropertyName("id"u8);
            (conversation.ValueKind == JsonValueKind.Object && conversation.TryGetProperty("id", out var id) ? id : conversation).WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes <c>usage</c>; <paramref name="cachedTokens"/> are counted in <paramref name="inputTokens"/> too, as OpenAI counts them.</summary>
    public static void WriteUsage(Utf8JsonWriter writer, long inputTokens, long cachedTokens, long outputTokens)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, inputTokens);
        writer.WriteStartObject("input_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, cachedTokens);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens"u8, outputTokens);
        writer.WriteStartObject("output_tokens_details"u8);
        writer.WriteNumber("reasoning_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens"u8, inputTokens + outputTokens);
        writer.WriteEndObject();
    }

    /// <summary>An assistant message; one still being written has no content yet.</summary>
    public static void WriteMessage(Utf8JsonWriter writer, string id, ReadOnlySpan<byte> status, string? text)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("status"u8, status);
        writer.WriteStartArray("content"u8);
        if (text is not null)
        {
            WriteOutputText(writer, text);
        }

        writer.WriteEndArray();
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteEndObject();
    }

    /// <summary>An <c>output_text</c> content part.</summary>
    public static void WriteOutputText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "output_text"u8);
        writer.WriteStartArray("annotations"u8);
        writer.WriteEndArray();
        writer.WriteStartArray("logprobs"u8);
        writer.WriteEndArray();
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }

    public static void WriteFunctionCall(Utf8JsonWriter writer, string id, ReadOnlySpan<byte> status, string callId, string name, string arguments)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("type"u8, "function_call"u8);
        writer.WriteString("status"u8, status);
        writer.WriteString("arguments"u8, arguments);
        writer.WriteString("call_id"u8, callId);
        writer.WriteString("name"u8, name);
        writer.WriteEndObject();
    }

    /// <summary>A web search the provider ran itself (and bills per call); a finished one says what it searched for.</summary>
    public static void WriteWebSearchCall(Utf8JsonWriter writer, string id, ReadOnlySpan<byte> status, string? query)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("type"u8, "web_search_call"u8);
        writer.WriteString("status"u8, status);
        if (query is not null)
        {
            writer.WriteStartObject("action"u8);
            writer.WriteString("type"u8, "search"u8);
            writer.WriteString("query"u8, query);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a JSON value with <paramref name="write"/> and keeps it as an element that needs no document.</summary>
    public static JsonElement Element<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = JsonWire.CreateWriter(buffer))
        {
            write(writer, state);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Writes the request's value of <paramref name="name"/>, or <paramref name="fallback"/> (raw JSON; null when empty) when it sent none.</summary>
    private static void Echo(Utf8JsonWriter writer, JsonElement settings, string name, ReadOnlySpan<byte> fallback = default)
    {
        writer.WritePropertyName(name);
        if (settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            value.WriteTo(writer);
        }
        else if (fallback.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(fallback, skipInputValidation: true);
        }
    }
}
