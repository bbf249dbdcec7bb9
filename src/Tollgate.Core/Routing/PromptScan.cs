using System.Buffers;
using System.Numerics;
using System.Text.Json;

namespace Tollgate.Core.Routing;

/// <summary>
/// Reads a chat, messages or responses request body once, without materialising it, into a <see cref="PromptProfile"/>:
/// the text of its system prompt, messages, instructions and input (string values named <c>content</c>, <c>text</c>,
/// <c>input</c>, <c>instructions</c>, <c>system</c> or <c>prompt</c>), the turns, and the capabilities it uses (a
/// non-empty <c>tools</c> list; an image part, <c>image_url</c>, <c>image</c> or <c>input_image</c>; JSON output,
/// a <c>json_object</c> or <c>json_schema</c> format or Anthropic's <c>output_format</c>). Text past the first
/// <see cref="AnalysedBytes"/> bytes is counted in <see cref="PromptProfile.TextBytes"/> but not read for cues, so a
/// huge prompt costs no more than a long one.
/// </summary>
public static partial class PromptScan
{
    /// <summary>How much of a prompt's text is read for numbers, sentences and cues.</summary>
    public const int AnalysedBytes = 32 * 1024;

    private enum Name
    {
        Other,
        Text,
        Role,
        Type,
        Tools,
        OutputFormat,
    }

    /// <summary>
    /// The profile of <paramref name="body"/>; a body that is not JSON gives what was read before the fault. Without
    /// <paramref name="readText"/> (a declared task type decides the tier) the text is measured but not read for cues.
    /// </summary>
    public static PromptProfile Read(ReadOnlySpan<byte> body, bool readText = true)
    {
        var tally = new Tally { ReadText = readText };
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var name = Name.Other;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        name = NameOf(ref reader);
                        if (name == Name.Role)
                        {
                            tally.Turns++;
                        }

                        continue;
                    case JsonTokenType.String when name == Name.Text:
                        tally.AddText(ref reader);
                        break;
                    case JsonTokenType.String when name == Name.Type:
                        tally.Uses |= reader.ValueTextEquals("image_url"u8) || reader.ValueTextEquals("image"u8) || reader.ValueTextEquals("input_image"u8) ? ModelCapabilities.Vision
                            : reader.ValueTextEquals("json_object"u8) || reader.ValueTextEquals("json_schema"u8) ? ModelCapabilities.JsonMode
                            : ModelCapabilities.None;
                        break;
                    case JsonTokenType.StartArray when name == Name.Tools:
                        if (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            tally.Uses |= ModelCapabilities.Tools;
                            reader.Skip();
                        }

                        break;
                    case JsonTokenType.StartObject when name == Name.OutputFormat:
                        tally.Uses |= ModelCapabilities.JsonMode;
                        break;
                }

                name = Name.Other;
            }
        }
        catch (JsonException)
        {
            // The request reader has already refused a malformed body; a profile of what came before the fault will do.
        }

        return tally.Profile();
    }

    private static Name NameOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("input"u8)
            || reader.ValueTextEquals("instructions"u8) || reader.ValueTextEquals("system"u8) || reader.ValueTextEquals("prompt"u8) ? Name.Text
        : reader.ValueTextEquals("role"u8) ? Name.Role
        : reader.ValueTextEquals("type"u8) ? Name.Type
        : reader.ValueTextEquals("tools"u8) ? Name.Tools
        : reader.ValueTextEquals("output_format"u8) ? Name.OutputFormat
        : Name.Other;

    private partial struct Tally
    {
        public int Turns;
        public ModelCapabilities Uses;
        public bool ReadText;
        private int _textBytes;
        private int _analysed;
        private int _sentences;
        private int _numbers;
        private int _numberWords;
        private PromptCues.Seen _cues;

        public void AddText(ref Utf8JsonReader reader)
        {
            var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
            _textBytes += length;
            var room = AnalysedBytes - _analysed;
            if (!ReadText || room <= 0 || length == 0)
            {
                return;
            }

            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                // Unescaped (a \n in the JSON is a line break here); Analyse lower-cases it in place: the cues are lower case.
                int written;
                try
                {
                    written = reader.CopyString(rented);
                }
                catch (InvalidOperationException)
                {
                    // Text with no UTF-8 form (the provider judges it): read as it stands in the JSON, escapes included.
                    written = length;
                    if (reader.HasValueSequence)
                    {
                        reader.ValueSequence.CopyTo(rented);
                    }
                    else
                    {
                        reader.ValueSpan.CopyTo(rented);
                    }
                }

                var text = rented.AsSpan(0, Math.Min(written, room));
                _analysed += text.Length;
                Analyse(text);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        public readonly PromptProfile Profile() => new()
        {
            TextBytes = _textBytes,
            Sentences = _sentences,
            Numbers = _numbers,
            NumberWords = _numberWords,
            QuantityCues = BitOperations.PopCount(_cues.Quantity),
            CodeMarkers = BitOperations.PopCount(_cues.Code),
            ReasoningCues = BitOperations.PopCount(_cues.Reasoning),
            WritingCues = BitOperations.PopCount(_cues.Writing),
            Turns = Turns,
            Uses = Uses,
        };
    }
}
