using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Tollgate.Core.Tokens;

/// <summary>
/// The counter over one JSON string of a request body. Short strings recur in nearly every request — roles
/// (<c>user</c>, <c>assistant</c>), item types, tool names — and a tokenizer call costs about the same fixed overhead
/// however short its text (pre-tokenizer, enumerators, cache look-ups): counting the role of a one-message prompt cost
/// half as much as counting its text. A short string's count is exact and depends only on the tokenizer, so each is
/// counted once per tokenizer and remembered, read without making a string.
/// </summary>
public sealed partial class TokenCounter
{
    // Long enough for every role, item type and most names; too short for a prompt's text to be worth remembering.
    private const int ShortStringLength = 16;

    // Strings come from callers: past this many per tokenizer, short strings are counted without being remembered.
    private const int ShortStringLimit = 4096;

    private static readonly ShortCounts O200kShort = new();
    private static readonly ShortCounts Cl100kShort = new();

    /// <summary>The tokens of a JSON string value, as <see cref="CountText"/> counts its text.</summary>
    private int CountString(string? model, JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var text = raw.Length >= 2 ? raw[1..^1] : raw; // the quotes
        if (text.Length > ShortStringLength || text.Contains((byte)'\\') || !Ascii.IsValid(text))
        {
            return CountText(model, TextOf(value));
        }

        var choice = Choose(model);
        Span<char> chars = stackalloc char[ShortStringLength];
        Ascii.ToUtf16(text, chars, out var length);
        var count = Remembered(choice.Tokenizer, chars[..length]);
        return Scaled(count, choice.Scale);
    }

    private static int Remembered(Tokenizer tokenizer, ReadOnlySpan<char> text)
    {
        var counts = ReferenceEquals(tokenizer, Cl100k.Value) ? Cl100kShort : O200kShort;
        if (counts.Lookup.TryGetValue(text, out var count))
        {
            return count;
        }

        count = text.IsEmpty ? 0 : tokenizer.CountTokens(text);
        if (counts.Map.Count < ShortStringLimit)
        {
            counts.Lookup.TryAdd(text, count);
        }

        return count;
    }

    private static int Scaled(int count, double scale) => scale == 1.0 ? count : (int)Math.Ceiling(count * scale);

    /// <summary>One tokenizer's remembered short strings, looked up by their characters.</summary>
    private sealed class ShortCounts
    {
        public ShortCounts()
        {
            Lookup = Map.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public ConcurrentDictionary<string, int> Map { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
    }
}
