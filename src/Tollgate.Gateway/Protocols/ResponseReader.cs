using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// Reads model, usage and error type from provider JSON: a whole response, an OpenAI stream chunk, or an
/// Anthropic stream event (<c>message_start</c> nests them under <c>message</c>). Anthropic reports cache
/// reads and writes apart from <c>input_tokens</c>; they are summed so input counts every prompt token. Its
/// <c>cache_creation</c> object splits the writes by time to live (<c>ephemeral_5m_input_tokens</c>,
/// <c>ephemeral_1h_input_tokens</c>), priced apart; the 1-hour part is kept. OpenAI counts both inside
/// <c>prompt_tokens</c> (<c>prompt_tokens_details.cached_tokens</c> and <c>cache_write_tokens</c>).
/// </summary>
internal static partial class ResponseReader
{
    public static bool TryRead(ReadOnlySpan<byte> json, WireProtocol protocol, ref ResponseFacts facts)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            ReadObject(ref reader, protocol, ref facts, nested: false);
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

    private static void ReadObject(ref Utf8JsonReader reader, WireProtocol protocol, ref ResponseFacts facts, bool nested)
    {
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
                    ReadUsage(ref reader, protocol, ref facts);
                    facts.UsageFinal |= !nested;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (!nested && reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadObject(ref reader, protocol, ref facts, nested: true);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (!nested && reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadChoices(ref reader, ref facts);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (protocol == WireProtocol.Anthropic && reader.ValueTextEquals("stop_reason"u8))
            {
                // A whole message's, or (under message_delta's delta) a stream's.
                reader.Read();
                facts.StoppedAtOutputLimit |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(OutputLimitStops.MessagesStopReason);
            }
            else if (protocol == WireProtocol.Anthropic && !nested && reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadObject(ref reader, protocol, ref facts, nested: true);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (!nested && reader.ValueTextEquals("error"u8))
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
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>On Anthropic's <c>usage.server_tool_use</c> property name: reads the searches; ends on its closing brace.</summary>
    private static void ReadServerToolUse(ref Utf8JsonReader reader, ref ResponseFacts facts)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("web_search_requests"u8))
            {
                var searches = ReadLong(ref reader);
                facts.BuiltInToolCalls = facts.BuiltInToolCalls with { WebSearch = (int)Math.Clamp(searches, 0, int.MaxValue) };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// On the name of OpenAI's breakdown of the prompt (<c>prompt_tokens_details</c> in chat completions,
    /// <c>input_tokens_details</c> in the Responses API): reads the cached and cache-write parts; ends on its closing brace.
    /// </summary>
    private static void ReadInputTokenDetails(ref Utf8JsonReader reader, ref ResponseFacts facts)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("cached_tokens"u8))
            {
                facts.CachedInputTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_write_tokens"u8))
            {
                facts.CacheWriteTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_write_1h_tokens"u8))
            {
                // Written by Tollgate's translation of an Anthropic answer: the 1-hour part of its cache writes.
                facts.CacheWrite1hTokens = ReadLong(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadUsage(ref Utf8JsonReader reader, WireProtocol protocol, ref ResponseFacts facts)
    {
        facts.HasUsage = true;
        long anthropicInput = -1, cacheRead = -1, cacheWrite = -1, write5m = -1, write1h = -1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (protocol == WireProtocol.OpenAI)
            {
                if (reader.ValueTextEquals("prompt_tokens"u8))
                {
                    facts.InputTokens = ReadLong(ref reader);
                }
                else if (reader.ValueTextEquals("completion_tokens"u8))
                {
                    facts.OutputTokens = ReadLong(ref reader);
                }
                else if (reader.ValueTextEquals("prompt_tokens_details"u8))
                {
                    ReadInputTokenDetails(ref reader, ref facts);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("input_tokens"u8))
            {
                anthropicInput = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                facts.OutputTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                cacheRead = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheWrite = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("server_tool_use"u8))
            {
                // Anthropic's server tools: each web search is billed per search, on top of the tokens.
                ReadServerToolUse(ref reader, ref facts);
            }
            else if (reader.ValueTextEquals("cache_creation"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        if (reader.ValueTextEquals("ephemeral_5m_input_tokens"u8))
                        {
                            write5m = ReadLong(ref reader);
                        }
                        else if (reader.ValueTextEquals("ephemeral_1h_input_tokens"u8))
                        {
                            write1h = ReadLong(ref reader);
                        }
                        else
                        {
                            reader.Read();
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

        if (protocol == WireProtocol.Anthropic)
        {
            // message_delta repeats only what changed; keep earlier values for the parts it leaves out.
            if (cacheRead >= 0)
            {
                facts.CachedInputTokens = cacheRead;
            }

            if (cacheWrite < 0 && (write5m >= 0 || write1h >= 0))
            {
                // The split without its total: the total is the sum of the parts.
                cacheWrite = Math.Max(0, write5m) + Math.Max(0, write1h);
            }

            if (cacheWrite >= 0)
            {
                facts.CacheWriteTokens = cacheWrite;
            }

            if (write1h >= 0)
            {
                facts.CacheWrite1hTokens = write1h;
            }

            // message_delta may repeat the total without the split: the 1-hour part of message_start stands, within the total.
            facts.CacheWrite1hTokens = Math.Min(facts.CacheWrite1hTokens, facts.CacheWriteTokens);

            if (anthropicInput >= 0)
            {
                facts.InputTokens = anthropicInput + facts.CachedInputTokens + facts.CacheWriteTokens;
            }
            else if (cacheRead >= 0 || cacheWrite >= 0)
            {
                facts.InputTokens = Math.Max(facts.InputTokens, facts.CachedInputTokens + facts.CacheWriteTokens);
            }
        }
    }

    private static void ReadError(ref Utf8JsonReader reader, ref ResponseFacts facts)
    {
        string? type = null, code = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("code"u8))
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

        facts.ErrorType = code ?? type ?? "error";
    }

    private static long ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : 0;
    }
}
