using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tokens;

/// <summary>
/// Counts tokens for pre-call estimates with the tiktoken encodings OpenAI publishes: <c>o200k_base</c>
/// for the GPT-4o, GPT-4.1, GPT-5 and o-series families, <c>cl100k_base</c> for GPT-4, GPT-3.5 and the
/// <c>text-embedding-3</c> models. Anthropic does not publish Claude's tokenizer; for Claude models the
/// count is <c>o200k_base</c> scaled by <see cref="ClaudeScale"/>, an approximation that errs high
/// (Claude tokenizes English prose into roughly 10–20 % more tokens than o200k). Billing never uses these
/// estimates: it uses the usage the provider reports.
/// </summary>
public sealed partial class TokenCounter
{
    /// <summary>Factor applied to o200k counts to approximate Claude's tokenizer.</summary>
    public const double ClaudeScale = 1.15;

    /// <summary>Tokens OpenAI's chat format adds per message (role and separators).</summary>
    public const int PerMessageOverhead = 3;

    /// <summary>Tokens OpenAI's chat format adds when a message carries a <c>name</c>.</summary>
    public const int PerNameOverhead = 1;

    /// <summary>Tokens that prime every assistant reply.</summary>
    public const int ReplyPriming = 3;

    // Model names come from callers: past this many distinct names, choices are made without being remembered.
    private const int ChoiceCacheLimit = 1024;

    // Byte-pair encoding costs the square of a word's length, and a prompt may be one long word (a run of one letter,
    // base64 data): 80,000 letters 'a' take seconds, a few megabytes of them hours. Text is counted in pieces of at most
    // this many characters, cut before a space where there is one, so a word is never longer.
    private const int PieceLength = 512;

    // Text beyond this many characters (more than any context window holds) is not counted but extrapolated, so one
    // estimate costs a bounded amount of work whatever a client sends.
    private const int CountedLength = 256 * 1024;

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));
    [ThreadStatic]
    private static string? _lastModel;

    [ThreadStatic]
    private static TokenizerChoice _lastChoice;

    private readonly ConcurrentDictionary<string, TokenizerChoice> _choices = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The process-wide counter; tokenizers are immutable and thread-safe.</summary>
    public static TokenCounter Shared { get; } = new();

    /// <summary>Name of the encoding used for a model (<c>o200k_base</c> or <c>cl100k_base</c>).</summary>
    public string EncodingFor(string? model) => Choose(model).Tokenizer == Cl100k.Value ? "cl100k_base" : "o200k_base";

    /// <summary>Counts the tokens of a piece of text as the model's tokenizer would.</summary>
    public int CountText(string? model, string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var choice = Choose(model);
        return Scaled(Count(choice.Tokenizer, text), choice.Scale);
    }

    /// <summary>Splits text into the model tokenizer's tokens (used by the simulated provider to stream).</summary>
    public IReadOnlyList<string> Split(string? model, string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var tokens = Choose(model).Tokenizer.EncodeToTokens(text, out _);
        var parts = new List<string>(tokens.Count);
        var position = 0;
        foreach (var token in tokens)
        {
            // Offsets index the (normalised) input; tiktoken does not normalise, so they index `text`.
            var (start, length) = (token.Offset.Start.Value, token.Offset.End.Value - token.Offset.Start.Value);
            if (start < position || start + length > text.Length)
            {
                continue;
            }

            parts.Add(text.Substring(position, start + length - position));
            position = start + length;
        }

        if (position < text.Length)
        {
            if (parts.Count == 0)
            {
                parts.Add(text[position..]);
            }
            else
            {
                parts[^1] += text[position..];
            }
        }

        return parts;
    }

    /// <summary>
    /// Counts <paramref name="text"/> piece by piece. A piece ends before a space that follows a word, which is where the
    /// tokenizer's own pre-split puts a word boundary, so ordinary text counts exactly as it would whole; only a word
    /// longer than a piece is cut, and each cut adds a token at most.
    /// </summary>
    private static int Count(Tokenizer tokenizer, string text)
    {
        if (text.Length <= PieceLength)
        {
            return tokenizer.CountTokens(text);
        }

        var counted = Math.Min(text.Length, CountedLength);
        long tokens = 0;
        for (var start = 0; start < counted;)
        {
            var length = Math.Min(PieceLength, counted - start);
            if (start + length < counted)
            {
                var window = text.AsSpan(start, length);
                var space = window.LastIndexOf(' ');
                while (space > 0 && char.IsWhiteSpace(window[space - 1]))
                {
                    space = window[..space].LastIndexOf(' ');
                }

                length = space > 0 ? space : char.IsHighSurrogate(window[^1]) ? length - 1 : length;
            }

            tokens += tokenizer.CountTokens(text.AsSpan(start, length));
            start += length;
        }

        if (counted < text.Length)
        {
            tokens = (long)Math.Ceiling(tokens * ((double)text.Length / counted));
        }

        return (int)Math.Min(tokens, int.MaxValue);
    }

    /// <summary>
    /// The text of a JSON string. A string <see cref="JsonElement.GetString"/> cannot materialise (bytes that are not
    /// UTF-8, an unpaired surrogate escape) is still counted, from its raw bytes: the providers refuse such a body, but a
    /// compatible server may not, and an estimate must not fail where the call did not.
    /// </summary>
    private static string TextOf(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw.Length >= 2 ? raw[1..^1] : raw; // the quotes
        return JsonTextCheck.IsSound(raw, escaped: raw.Contains((byte)'\\')) ? value.GetString()! : JsonTextCheck.Lossy(raw);
    }

    private TokenizerChoice Choose(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return new TokenizerChoice(O200k.Value, 1.0);
        }

        // One estimate asks for the same model string for every string it counts: the last choice is kept per thread,
        // saving a case-insensitive look-up per string. The choice depends on the name alone.
        if (ReferenceEquals(model, _lastModel))
        {
            return _lastChoice;
        }

        if (!_choices.TryGetValue(model, out var choice))
        {
            choice = ChooseUncached(model);
            if (_choices.Count < ChoiceCacheLimit)
            {
                _choices.TryAdd(model, choice);
            }
        }

        (_lastModel, _lastChoice) = (model, choice);
        return choice;
    }

    private static TokenizerChoice ChooseUncached(string model)
    {
        var name = model.AsSpan();
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..]; // "openai/gpt-4o" style names from OpenAI-compatible routers
        }

        if (name.StartsWith("claude", StringComparison.OrdinalIgnoreCase))
        {
            return new TokenizerChoice(O200k.Value, ClaudeScale);
        }

        if (name.StartsWith("gpt-4o", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("gpt-4.1", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("gpt-4.5", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("o1", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("o3", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("o4", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("chatgpt", StringComparison.OrdinalIgnoreCase))
        {
            return new TokenizerChoice(O200k.Value, 1.0);
        }

        if (name.StartsWith("gpt-4", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("gpt-3.5", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("text-embedding", StringComparison.OrdinalIgnoreCase))
        {
            return new TokenizerChoice(Cl100k.Value, 1.0);
        }

        // Unknown and open-weight models: o200k is the closest widely used modern vocabulary.
        return new TokenizerChoice(O200k.Value, 1.0);
    }

    private readonly record struct TokenizerChoice(Tokenizer Tokenizer, double Scale);
}
