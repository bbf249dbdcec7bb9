using System.Text.Json;
using Tollgate.Providers.Simulation.Answers;

namespace Tollgate.Providers.Simulation.OpenAI;

/// <summary>The JSON shapes of OpenAI chat completions: the whole <c>chat.completion</c>, its chunks, and <c>usage</c>.</summary>
internal static class OpenAIChatWire
{
    public const string SystemFingerprint = "fp_simulated";

    public static void WriteCompletion(Utf8JsonWriter writer, string id, long created, string model, SimulatedAnswer answer, long inputTokens, long cachedTokens)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, created);
        writer.WriteString("model"u8, model);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        if (answer.ToolCall is { } call)
        {
            writer.WriteNull("content"u8);
            WriteToolCalls(writer, call, streamed: false);
        }
        else
        {
            writer.WriteString("content"u8, answer.Text!.Text);
        }

        writer.WriteNull("refusal"u8);
        writer.WriteStartArray("annotations"u8);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        writer.WriteString("finish_reason"u8, FinishReason(answer));
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteUsage(writer, inputTokens, cachedTokens, answer.OutputTokens);
        writer.WriteString("service_tier"u8, "default"u8);
        writer.WriteString("system_fingerprint"u8, SystemFingerprint);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>tool_calls</c> holding the answer's one call; a stream's first chunk numbers it and leaves its
    /// arguments to the chunks that follow.
    /// </summary>
    public static void WriteToolCalls(Utf8JsonWriter writer, SimulatedToolCall call, bool streamed)
    {
        writer.WriteStartArray("tool_calls"u8);
        writer.WriteStartObject();
        if (streamed)
        {
            writer.WriteNumber("index"u8, 0);
        }

        writer.WriteString("id"u8, call.Id);
        writer.WriteString("type"u8, "function"u8);
        writer.WriteStartObject("function"u8);
        writer.WriteString("name"u8, call.Name);
        writer.WriteString("arguments"u8, streamed ? string.Empty : call.ArgumentsJson);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    public static ReadOnlySpan<byte> FinishReason(SimulatedAnswer answer) =>
        answer.ToolCall is not null ? "tool_calls"u8 : answer.Text!.Truncated ? "length"u8 : "stop"u8;

    /// <summary>Writes <c>usage</c>; <paramref name="cachedTokens"/> are counted in <paramref name="inputTokens"/> too, as OpenAI counts them.</summary>
    public static void WriteUsage(Utf8JsonWriter writer, long inputTokens, long cachedTokens, long outputTokens)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, inputTokens);
        writer.WriteNumber("completion_tokens"u8, outputTokens);
        writer.WriteNumber("total_tokens"u8, inputTokens + outputTokens);
        writer.WriteStartObject("prompt_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, cachedTokens);
        writer.WriteNumber("audio_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details"u8);
        writer.WriteNumber("reasoning_tokens"u8, 0);
        writer.WriteNumber("audio_tokens"u8, 0);
        writer.WriteNumber("accepted_prediction_tokens"u8, 0);
        writer.WriteNumber("rejected_prediction_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Opens a <c>chat.completion.chunk</c> up to the inside of its <c>choices</c> array.</summary>
    public static void BeginChunk(Utf8JsonWriter writer, string id, long created, string model)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("object"u8, "chat.completion.chunk"u8);
        writer.WriteNumber("created"u8, created);
        writer.WriteString("model"u8, model);
        writer.WriteString("service_tier"u8, "default"u8);
        writer.WriteString("system_fingerprint"u8, SystemFingerprint);
        writer.WriteStartArray("choices"u8);
    }

    /// <summary>Closes a chunk; with <c>include_usage</c> every chunk but the last carries <c>"usage": null</c>.</summary>
    public static void EndChunk(Utf8JsonWriter writer, bool includeUsage)
    {
        writer.WriteEndArray();
        if (includeUsage)
        {
            writer.WriteNull("usage"u8);
        }

        writer.WriteEndObject();
    }

    /// <summary>Opens the single choice of a chunk up to the inside of its <c>delta</c>.</summary>
    public static void BeginChoiceDelta(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
    }

    public static void EndChoiceDelta(Utf8JsonWriter writer, ReadOnlySpan<byte> finishReason)
    {
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        if (finishReason.IsEmpty)
        {
            writer.WriteNull("finish_reason"u8);
        }
        else
        {
            writer.WriteString("finish_reason"u8, finishReason);
        }

        writer.WriteEndObject();
    }
}
