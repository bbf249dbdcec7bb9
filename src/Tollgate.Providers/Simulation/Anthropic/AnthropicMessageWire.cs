using System.Text.Json;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.PromptCaching;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary>The JSON shapes of Anthropic messages: the whole <c>message</c>, its content blocks, and <c>usage</c>.</summary>
internal static class AnthropicMessageWire
{
    public static ReadOnlySpan<byte> StopReason(SimulatedAnswer answer) =>
        answer.ToolCall is not null ? "tool_use"u8 : answer.Text!.Truncated ? "max_tokens"u8 : "end_turn"u8;

    /// <summary>Writes the message object; <paramref name="whole"/> false gives the empty shell that <c>message_start</c> carries.</summary>
    public static void WriteMessage(Utf8JsonWriter writer, in ChatReply reply, bool whole)
    {
        var answer = reply.Answer;
        writer.WriteStartObject();
        writer.WriteString("id"u8, reply.Id);
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteString("model"u8, reply.Turn.Model);
        writer.WriteStartArray("content"u8);
        if (whole)
        {
            WriteContentBlock(writer, answer, whole: true);
        }

        writer.WriteEndArray();
        if (whole)
        {
            writer.WriteString("stop_reason"u8, StopReason(answer));
        }
        else
        {
            writer.WriteNull("stop_reason"u8);
        }

        writer.WriteNull("stop_sequence"u8);
        WriteUsage(writer, reply.Turn.InputTokens, reply.Cache, whole ? answer.OutputTokens : 1);
        writer.WriteEndObject();
    }

    /// <summary>The answer's content block; <paramref name="whole"/> false gives the empty block that <c>content_block_start</c> carries.</summary>
    public static void WriteContentBlock(Utf8JsonWriter writer, SimulatedAnswer answer, bool whole)
    {
        writer.WriteStartObject();
        if (answer.ToolCall is { } call)
        {
            writer.WriteString("type"u8, "tool_use"u8);
            writer.WriteString("id"u8, call.Id);
            writer.WriteString("name"u8, call.Name);
            writer.WritePropertyName("input"u8);
            if (whole)
            {
                writer.WriteRawValue(call.ArgumentsJson, skipInputValidation: true);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }

            writer.WriteStartObject("caller"u8);
            writer.WriteString("type"u8, "direct"u8);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("type"u8, "text"u8);
            writer.WriteString("text"u8, whole ? answer.Text!.Text : string.Empty);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>usage</c> for a prompt of <paramref name="promptTokens"/> tokens: <c>input_tokens</c> counts only those
    /// the cache neither read nor wrote, as Anthropic counts them.
    /// </summary>
    public static void WriteUsage(Utf8JsonWriter writer, long promptTokens, PromptCacheUsage cache, long outputTokens)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, cache.UncachedOf(promptTokens));
        writer.WriteNumber("cache_creation_input_tokens"u8, cache.WriteTokens);
        writer.WriteNumber("cache_read_input_tokens"u8, cache.ReadTokens);
        writer.WriteStartObject("cache_creation"u8);
        writer.WriteNumber("ephemeral_5m_input_tokens"u8, cache.Write5mTokens);
        writer.WriteNumber("ephemeral_1h_input_tokens"u8, cache.Write1hTokens);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens"u8, outputTokens);
        writer.WriteString("service_tier"u8, "standard"u8);
        writer.WriteEndObject();
    }
}
