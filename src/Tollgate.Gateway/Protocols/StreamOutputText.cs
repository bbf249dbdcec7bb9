using System.Buffers;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Tokens;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// The text a stream has generated so far, kept so that a stream whose final usage never comes (cut by the provider,
/// timed out, left by its client) can still bill the output the provider produced. Only the generated pieces are
/// kept, as UTF-8: OpenAI's <c>delta.content</c>, <c>refusal</c>, reasoning text and tool-call arguments, the Responses
/// API's text, refusal, reasoning and function-call argument deltas, Anthropic's <c>text_delta</c>,
/// <c>input_json_delta</c> and <c>thinking_delta</c>; about one byte in a hundred of the stream.
/// Nothing is tokenised until <see cref="CountTokens"/> is asked, which only a stream without final usage does.
/// </summary>
internal struct StreamOutputText
{
    private const int InitialCapacity = 1024;
    private byte[]? _buffer;
    private int _length;

    /// <summary>Bytes of text kept.</summary>
    public readonly int Length => _length;

    /// <summary>The text kept, as UTF-8.</summary>
    public readonly ReadOnlySpan<byte> Text => _buffer.AsSpan(0, _length);

    /// <summary>Keeps the generated text of an OpenAI chat chunk.</summary>
    public void ReadOpenAIChunk(ReadOnlySpan<byte> json)
    {
        try
        {
            // Providers write chunks compactly, id and model first: start at the choices array when it can be found
            // that way (a quote inside a string value is escaped, so the pattern cannot begin inside one), and walk
            // the whole chunk only when it cannot.
            var choices = json.IndexOf("\"choices\":["u8);
            var reader = new Utf8JsonReader(choices < 0 ? json : json[(choices + 10)..]);
            if (!reader.Read())
            {
                return;
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadChoices(ref reader);
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isChoices = reader.ValueTextEquals("choices"u8);
                reader.Read();
                if (isChoices && reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadChoices(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // A chunk that is not JSON (or not text) carries nothing worth billing.
        }
    }

    /// <summary>Keeps the generated text of an Anthropic <c>content_block_delta</c> event.</summary>
    public void ReadAnthropicDelta(ReadOnlySpan<byte> json)
    {
        try
        {
            // As above: start at the delta object when it is written compactly.
            var at = json.IndexOf("\"delta\":{"u8);
            var reader = new Utf8JsonReader(at < 0 ? json : json[(at + 8)..]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            if (at >= 0)
            {
                ReadAnthropicDeltaObject(ref reader);
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDelta = reader.ValueTextEquals("delta"u8);
                reader.Read();
                if (isDelta && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadAnthropicDeltaObject(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // As above.
        }
    }

    /// <summary>
    /// Keeps the <c>delta</c> of a Responses API delta event (<c>response.output_text.delta</c>,
    /// <c>response.function_call_arguments.delta</c>, refusal and reasoning deltas …).
    /// </summary>
    public void ReadResponsesDelta(ReadOnlySpan<byte> json)
    {
        try
        {
            // As above: start at the delta string when it is written compactly.
            var at = json.IndexOf("\"delta\":\""u8);
            var reader = new Utf8JsonReader(at < 0 ? json : json[(at + 8)..]);
            if (!reader.Read())
            {
                return;
            }

            if (at >= 0)
            {
                Append(ref reader);
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDelta = reader.ValueTextEquals("delta"u8);
                reader.Read();
                if (isDelta && reader.TokenType == JsonTokenType.String)
                {
                    Append(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // As above.
        }
    }

    /// <summary>Tokens of the kept text, counted with the model's tokenizer (an approximation for Claude; see <see cref="TokenCounter"/>).</summary>
    public readonly long CountTokens(string? model) =>
        _length == 0 ? 0 : TokenCounter.Shared.CountText(model, Encoding.UTF8.GetString(_buffer!, 0, _length));

    /// <summary>Gives the buffer back to the pool.</summary>
    public void Release()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _length = 0;
        }
    }

    /// <summary>On the choices array: keeps the text of each choice's <c>delta</c>, ends on the array's closing bracket.</summary>
    private void ReadChoices(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDelta = reader.ValueTextEquals("delta"u8);
                reader.Read();
                if (isDelta)
                {
                    ReadOpenAIDelta(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>On an Anthropic delta object: keeps <c>text</c>, <c>partial_json</c> and <c>thinking</c>, ends on its closing brace.</summary>
    private void ReadAnthropicDeltaObject(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var generated = reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("partial_json"u8) || reader.ValueTextEquals("thinking"u8);
            reader.Read();
            if (generated && reader.TokenType == JsonTokenType.String)
            {
                Append(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadOpenAIDelta(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("refusal"u8)
                || reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    Append(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadFunctionArguments(ref reader);
                }
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadArguments(ref reader);
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

    /// <summary>Inside one <c>tool_calls</c> entry: keeps <c>function.arguments</c>, skips the rest, ends on its closing brace.</summary>
    private void ReadFunctionArguments(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isFunction = reader.ValueTextEquals("function"u8);
            reader.Read();
            if (isFunction && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadArguments(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Inside a function object: keeps <c>arguments</c>, skips the rest, ends on its closing brace.</summary>
    private void ReadArguments(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isArguments = reader.ValueTextEquals("arguments"u8);
            reader.Read();
            if (isArguments && reader.TokenType == JsonTokenType.String)
            {
                Append(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void Append(ref Utf8JsonReader reader)
    {
        var value = reader.ValueSpan;
        if (value.IsEmpty)
        {
            return;
        }

        // Unescaped text is never longer than its escaped form, so the escaped length is room enough.
        EnsureRoom(value.Length);
        if (reader.ValueIsEscaped)
        {
            _length += reader.CopyString(_buffer.AsSpan(_length));
        }
        else
        {
            value.CopyTo(_buffer.AsSpan(_length));
            _length += value.Length;
        }
    }

    private void EnsureRoom(int more)
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(InitialCapacity, more));
            return;
        }

        if (_buffer.Length - _length >= more)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
