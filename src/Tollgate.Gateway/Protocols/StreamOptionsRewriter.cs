using System.Buffers;
using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// Makes an OpenAI streaming request report its usage (<c>stream_options.include_usage: true</c>) by
/// splicing bytes, so everything else in the body reaches the provider exactly as the client sent it.
/// </summary>
internal static class StreamOptionsRewriter
{
    private static readonly byte[] AddedProperty = ""","stream_options":{"include_usage":true}"""u8.ToArray();

    public static bool NeedsUsage(in RequestFacts facts) => facts.Stream && !facts.ClientIncludesUsage;

    public static byte[] WithUsage(ReadOnlySpan<byte> body, in RequestFacts facts)
    {
        if (facts.StreamOptionsStart < 0)
        {
            // The root object has at least "model", so a comma always fits before the new property.
            var rootEnd = facts.RootEnd;
            var result = new byte[body.Length + AddedProperty.Length];
            body[..rootEnd].CopyTo(result);
            AddedProperty.CopyTo(result.AsSpan(rootEnd));
            body[rootEnd..].CopyTo(result.AsSpan(rootEnd + AddedProperty.Length));
            return result;
        }

        var original = body.Slice(facts.StreamOptionsStart, facts.StreamOptionsLength);
        var replacement = RewriteOptions(original);
        var output = new byte[body.Length - original.Length + replacement.Length];
        body[..facts.StreamOptionsStart].CopyTo(output);
        replacement.CopyTo(output.AsSpan(facts.StreamOptionsStart));
        body[(facts.StreamOptionsStart + facts.StreamOptionsLength)..].CopyTo(output.AsSpan(facts.StreamOptionsStart + replacement.Length));
        return output;
    }

    private static byte[] RewriteOptions(ReadOnlySpan<byte> options)
    {
        var buffer = new ArrayBufferWriter<byte>(options.Length + 24);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var reader = new Utf8JsonReader(options);
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
                    var name = reader.GetString()!;
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (!isIncludeUsage)
                    {
                        writer.WritePropertyName(name);
                        writer.WriteRawValue(options[start..(int)reader.BytesConsumed], skipInputValidation: true);
                    }
                }
            }

            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
