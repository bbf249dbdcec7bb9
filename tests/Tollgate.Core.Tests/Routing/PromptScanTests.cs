using System.Text;
using System.Text.Json;
using Tollgate.Core.Routing;

namespace Tollgate.Core.Tests.Routing;

/// <summary>
/// The prompt scan reads a text 64 bytes at a time and visits only the words and symbols a cue or a number word can
/// start at: it must count exactly what a plain byte-by-byte reading of the same rules counts, wherever a word, a
/// number or a cue falls against a block's edge.
/// </summary>
public sealed class PromptScanTests
{
    private static readonly byte[][][] CueLists = [PromptCues.Quantity, PromptCues.Code, PromptCues.Reasoning, PromptCues.Writing];

    [Fact]
    public void Text_with_no_utf8_form_is_read_as_it_stands_instead_of_failing()
    {
        var surrogate = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"Add 3 and 4. Then 5? caf\ud800"}]}""");
        var bytes = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"Add 3 and 4. Then 5? caf#"}]}""");
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFF;

        var fromSurrogate = PromptScan.Read(surrogate);
        var fromBytes = PromptScan.Read(bytes);

        Assert.True(fromSurrogate.Numbers >= 3, $"numbers {fromSurrogate.Numbers}");
        Assert.Equal(3, fromBytes.Numbers);
        Assert.True(fromBytes.Sentences >= 2, $"sentences {fromBytes.Sentences}");
    }

    [Fact]
    public void The_scan_counts_what_a_byte_by_byte_reading_counts_on_real_prompts_at_every_offset_of_a_block()
    {
        var prompts = SamplePrompts();
        var texts = new List<string>();
        foreach (var prompt in prompts)
        {
            texts.Add(prompt);
            texts.Add(prompt.ToUpperInvariant());
            texts.Add(prompt[..(prompt.Length / 3)]);
            texts.Add(prompt[(prompt.Length / 2)..]);
        }

        for (var shift = 0; shift < 64; shift++)
        {
            var prompt = prompts[shift * 3 % prompts.Count];
            texts.Add(new string(' ', shift) + prompt);
            texts.Add(new string('w', shift) + " " + prompt);
            texts.Add(new string('7', shift) + prompt + new string('.', shift % 3));
            texts.Add(string.Concat(Enumerable.Repeat(new string('a', shift) + " twelve 1,5 1.2.3 4..5 how many    x=>y $3 (a):\n? ", 3)));
        }

        Assert.All(texts, text => Assert.Equal(ByteByByte(text), PromptScan.Read(TierConfusion.ChatBody(text).WrittenSpan)));
    }

    [Fact]
    public void Every_cue_starts_where_the_scan_looks_for_one()
    {
        foreach (var cue in CueLists.SelectMany(list => list))
        {
            var text = Encoding.UTF8.GetString(cue);
            if (cue[0] is >= (byte)'a' and <= (byte)'z')
            {
                // A word's cue is looked for by its first four bytes.
                Assert.True(cue.Length >= 4, $"\"{text}\" starts with a letter and is shorter than four bytes");
            }
            else
            {
                Assert.True(PromptScan.SymbolStarts.Contains(cue[0]), $"\"{text}\" starts with a symbol the scan does not look for");
                Assert.True(cue[0] != (byte)' ' || (cue.Length >= 2 && cue[1] == (byte)' '), $"\"{text}\" starts with one space only");
            }
        }
    }

    /// <summary>The profile of a chat request with <paramref name="prompt"/> as its one message, read a byte at a time.</summary>
    private static PromptProfile ByteByByte(string prompt)
    {
        var text = Encoding.UTF8.GetBytes(prompt);
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = text[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(text[i] | 0x20) : text[i];
        }

        var seen = CueLists.Select(_ => new HashSet<byte[]>()).ToArray();
        int sentences = 0, numbers = 0, numberWords = 0, position = 0;
        while (position < text.Length)
        {
            var c = text[position];
            Cues(text.AsSpan(position), seen);
            if (IsLetter(c))
            {
                var start = position;
                while (position < text.Length && IsLetter(text[position]))
                {
                    position++;
                }

                var word = text[start..position];
                numberWords += PromptCues.NumberWords.Any(number => number.AsSpan().SequenceEqual(word)) ? 1 : 0;
                continue;
            }

            if (IsDigit(c))
            {
                numbers++;
                while (position + 1 < text.Length && (IsDigit(text[position + 1])
                    || (text[position + 1] is (byte)'.' or (byte)',' && position + 2 < text.Length && IsDigit(text[position + 2]))))
                {
                    position++;
                }
            }
            else if (c is (byte)'.' or (byte)'?' or (byte)'!' && (position + 1 == text.Length || text[position + 1] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                sentences++;
            }

            position++;
        }

        return new PromptProfile
        {
            TextBytes = JsonEncodedText.Encode(prompt).EncodedUtf8Bytes.Length, // as the body carries it, escaped
            Sentences = sentences,
            Numbers = numbers,
            NumberWords = numberWords,
            QuantityCues = seen[0].Count,
            CodeMarkers = seen[1].Count,
            ReasoningCues = seen[2].Count,
            WritingCues = seen[3].Count,
            Turns = 1,
            Uses = ModelCapabilities.None,
        };
    }

    private static void Cues(ReadOnlySpan<byte> rest, HashSet<byte[]>[] seen)
    {
        for (var list = 0; list < CueLists.Length; list++)
        {
            foreach (var cue in CueLists[list])
            {
                if (rest.StartsWith(cue))
                {
                    seen[list].Add(cue);
                }
            }
        }
    }

    private static bool IsLetter(byte c) => c is >= (byte)'a' and <= (byte)'z';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static List<string> SamplePrompts()
    {
        using var stream = typeof(PromptScanTests).Assembly.GetManifestResourceStream("Tollgate.Core.Tests.Routing.classifier-sample.jsonl")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var prompts = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            prompts.Add(document.RootElement.GetProperty("prompt").GetString()!);
        }

        return prompts;
    }
}
