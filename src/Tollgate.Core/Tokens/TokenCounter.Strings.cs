using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Tollgate.Core.Tokens;

/// <summary>
/// The counter over one JSON string of a request body. Requests repeat most of their strings — roles
/// (<c>user</c>, <c>assistant</c>), item types and tool names in nearly every request; a system prompt, tool definitions
/// and the earlier turns of a conversation in every request of it — and a tokenizer call costs far more than a hash,
/// with a fixed overhead however short its text (pre-tokenizer, enumerators, cache look-ups). A string's count is exact
/// and depends only on the tokenizer, so it is looked up by the hash of its bytes as the body spells them among the
/// texts each tokenizer counted lately (<see cref="RecentCounts"/>), and counted only when not found.
/// </summary>
public sealed partial class TokenCounter
{
    // Strings up to this long are counted whole rather than looked up when they come as a string (CountText).
    private const int ShortStringLength = 16;

    // Seeds of the recent-count hashes: a JSON string is keyed by its raw UTF-8 bytes, a string by its UTF-16 ones.
    private const long JsonStringSeed = 1;
    private const long TextSeed = 2;

    private static readonly RecentCounts O200kRecent = new();
    private static readonly RecentCounts Cl100kRecent = new();

    /// <summary>The tokens of a JSON string value, as <see cref="CountText"/> counts its text.</summary>
    private int CountString(string? model, JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var text = raw.Length >= 2 ? raw[1..^1] : raw; // the quotes
        if (text.IsEmpty)
        {
            return 0;
        }

        // Keyed by the string as the body spells it: the same text escaped another way is counted again, never wrongly.
        var choice = Choose(model);
        var recent = RecentOf(choice.Tokenizer);
        if (!recent.TryGet(text, JsonStringSeed, out var hash, out var count))
        {
            count = Count(choice.Tokenizer, TextOf(value));
            recent.Remember(hash, count);
        }

        return Scaled(count, choice.Scale);
    }

    /// <summary>Counts <paramref name="text"/>, or finds its count among the texts counted lately.</summary>
    private static int CountRemembered(Tokenizer tokenizer, string text)
    {
        if (text.Length <= ShortStringLength)
        {
            return Count(tokenizer, text);
        }

        var recent = RecentOf(tokenizer);
        if (!recent.TryGet(MemoryMarshal.AsBytes(text.AsSpan()), TextSeed, out var hash, out var count))
        {
            count = Count(tokenizer, text);
            recent.Remember(hash, count);
        }

        return count;
    }

    private static RecentCounts RecentOf(Tokenizer tokenizer) => ReferenceEquals(tokenizer, Cl100k.Value) ? Cl100kRecent : O200kRecent;

    private static int Scaled(int count, double scale) => scale == 1.0 ? count : (int)Math.Ceiling(count * scale);
}
