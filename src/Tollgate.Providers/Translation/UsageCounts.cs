using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// One answer's token counts, held the Anthropic way (input apart from cache reads and writes) and written in each
/// protocol's own form, so the row is billed at the served model's price whichever protocol the client reads:
/// OpenAI counts cache reads and writes inside <c>prompt_tokens</c> (<c>prompt_tokens_details.cached_tokens</c>,
/// <c>cache_write_tokens</c>, and <c>cache_write_1h_tokens</c> for Anthropic's 1-hour writes).
/// </summary>
internal struct UsageCounts
{
    public long Input;
    public long CacheRead;
    public long CacheWrite;
    public long CacheWrite1h;
    public long Output;
    public bool Known;

    public readonly long PromptTotal => Input + CacheRead + CacheWrite;

    /// <summary>Reads an Anthropic <c>usage</c>; members it leaves out (a stream's <c>message_delta</c>) keep their values.</summary>
    public void ReadMessages(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        Known = true;
        Input = TranslationJson.Long(usage, "input_tokens") ?? Input;
        CacheRead = TranslationJson.Long(usage, "cache_read_input_tokens") ?? CacheRead;
        CacheWrite = TranslationJson.Long(usage, "cache_creation_input_tokens") ?? CacheWrite;
        Output = TranslationJson.Long(usage, "output_tokens") ?? Output;
        if (usage.TryGetProperty("cache_creation", out var split) && split.ValueKind == JsonValueKind.Object)
        {
            CacheWrite1h = TranslationJson.Long(split, "ephemeral_1h_input_tokens") ?? CacheWrite1h;
        }
    }

    /// <summary>Reads an OpenAI chat <c>usage</c>.</summary>
    public void ReadChat(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        Known = true;
        var prompt = TranslationJson.Long(usage, "prompt_tokens") ?? 0;
        if (usage.TryGetProperty("prompt_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object)
        {
            CacheRead = TranslationJson.Long(details, "cached_tokens") ?? 0;
            CacheWrite = TranslationJson.Long(details, "cache_write_tokens") ?? 0;
        }

        Input = Math.Max(0, prompt - CacheRead - CacheWrite);
        Output = TranslationJson.Long(usage, "completion_tokens") ?? 0;
    }

    public readonly void WriteChat(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", PromptTotal);
        writer.WriteNumber("completion_tokens", Output);
        writer.WriteNumber("total_tokens", PromptTotal + Output);
        WritePromptDetails(writer, "prompt_tokens_details");
        writer.WriteStartObject("completion_tokens_details");
        writer.WriteNumber("reasoning_tokens", 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public readonly void WriteResponses(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", PromptTotal);
        WritePromptDetails(writer, "input_tokens_details");
        writer.WriteNumber("output_tokens", Output);
        writer.WriteStartObject("output_tokens_details");
        writer.WriteNumber("reasoning_tokens", 0);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens", PromptTotal + Output);
        writer.WriteEndObject();
    }

    public readonly void WriteMessages(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", Input);
        writer.WriteNumber("cache_creation_input_tokens", CacheWrite);
        writer.WriteNumber("cache_read_input_tokens", CacheRead);
        writer.WriteNumber("output_tokens", Output);
        writer.WriteEndObject();
    }

    private readonly void WritePromptDetails(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("cached_tokens", CacheRead);
        if (CacheWrite > 0)
        {
            writer.WriteNumber("cache_write_tokens", CacheWrite);
        }

        if (CacheWrite1h > 0)
        {
            writer.WriteNumber("cache_write_1h_tokens", CacheWrite1h);
        }

        writer.WriteEndObject();
    }
}
