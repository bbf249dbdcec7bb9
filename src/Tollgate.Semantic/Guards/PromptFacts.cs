using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Tollgate.Semantic.Reference;

namespace Tollgate.Semantic.Guards;

/// <summary>
/// What in a prompt decides its answer beyond its overall meaning: negation, quantities (numbers with their units,
/// amounts, currencies, dates and times), quoted text, names, the sides of opposite words it takes, which words follow
/// a directional preposition, and its content words in order. Computed once per prompt; compared by
/// <see cref="MeaningGuard"/>.
/// </summary>
public sealed class PromptFacts
{
    private static readonly FrozenSet<string> NegationWords = FrozenSet.Create(StringComparer.Ordinal,
    [
        "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without", "cannot", "cant",
        "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "wouldnt", "shouldnt", "couldnt", "havent",
        "hasnt", "hadnt", "aint", "mustnt", "neednt", "unable",
    ]);

    private static readonly FrozenDictionary<string, string> NumberWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6",
        ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12",
        ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15", ["sixteen"] = "16", ["seventeen"] = "17",
        ["eighteen"] = "18", ["nineteen"] = "19", ["twenty"] = "20", ["thirty"] = "30", ["forty"] = "40", ["fifty"] = "50",
        ["sixty"] = "60", ["seventy"] = "70", ["eighty"] = "80", ["ninety"] = "90", ["hundred"] = "100",
        ["thousand"] = "1000", ["million"] = "1000000", ["billion"] = "1000000000", ["dozen"] = "12", ["half"] = "0.5",
        ["once"] = "1x", ["twice"] = "2x", ["double"] = "2x", ["triple"] = "3x", ["first"] = "1st", ["second"] = "2nd",
        ["third"] = "3rd", ["fourth"] = "4th", ["fifth"] = "5th", ["tenth"] = "10th", ["quarter"] = "0.25",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Units that make a number a quantity: "2 days" and "2 weeks" differ.
    private static readonly FrozenDictionary<string, string> Units = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["second"] = "s", ["seconds"] = "s", ["sec"] = "s", ["secs"] = "s", ["minute"] = "min", ["minutes"] = "min",
        ["min"] = "min", ["mins"] = "min", ["hour"] = "h", ["hours"] = "h", ["hr"] = "h", ["hrs"] = "h", ["day"] = "d",
        ["days"] = "d", ["week"] = "w", ["weeks"] = "w", ["month"] = "mo", ["months"] = "mo", ["year"] = "y",
        ["years"] = "y", ["percent"] = "%", ["km"] = "km", ["mile"] = "mi", ["miles"] = "mi", ["kg"] = "kg", ["lb"] = "lb",
        ["lbs"] = "lb", ["gb"] = "gb", ["mb"] = "mb", ["kb"] = "kb", ["tb"] = "tb", ["times"] = "x",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Currencies, months, days and relative dates: each is a quantity of its own, compared like a number.
    private static readonly FrozenDictionary<string, string> QuantityWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["$"] = "usd", ["usd"] = "usd", ["dollar"] = "usd", ["dollars"] = "usd", ["€"] = "eur", ["eur"] = "eur",
        ["euro"] = "eur", ["euros"] = "eur", ["£"] = "gbp", ["gbp"] = "gbp", ["pound"] = "gbp", ["pounds"] = "gbp",
        ["¥"] = "jpy", ["jpy"] = "jpy", ["yen"] = "jpy", ["chf"] = "chf", ["franc"] = "chf", ["francs"] = "chf",
        ["cad"] = "cad", ["aud"] = "aud", ["inr"] = "inr", ["rupee"] = "inr", ["rupees"] = "inr", ["cny"] = "cny",
        ["yuan"] = "cny", ["btc"] = "btc", ["bitcoin"] = "btc", ["eth"] = "eth", ["cent"] = "cent", ["cents"] = "cent",
        ["january"] = "jan", ["jan"] = "jan", ["february"] = "feb", ["feb"] = "feb", ["march"] = "mar",
        ["april"] = "apr", ["apr"] = "apr", ["june"] = "jun", ["jun"] = "jun", ["july"] = "jul", ["jul"] = "jul",
        ["august"] = "aug", ["aug"] = "aug", ["september"] = "sep", ["sept"] = "sep", ["sep"] = "sep",
        ["october"] = "oct", ["oct"] = "oct", ["november"] = "nov", ["nov"] = "nov", ["december"] = "dec",
        ["monday"] = "mon", ["tuesday"] = "tue", ["wednesday"] = "wed", ["thursday"] = "thu", ["friday"] = "fri",
        ["saturday"] = "sat", ["sunday"] = "sun", ["today"] = "today", ["tonight"] = "tonight",
        ["tomorrow"] = "tomorrow", ["yesterday"] = "yesterday", ["weekend"] = "weekend", ["am"] = "am", ["pm"] = "pm",
        ["noon"] = "noon", ["midnight"] = "midnight", ["%"] = "%", ["may"] = "may",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Prepositions that give the word after them a role: "from savings" is not "to savings".
    private static readonly FrozenSet<string> RolePrepositions = FrozenSet.Create(StringComparer.Ordinal,
    [
        "from", "to", "into", "onto", "than", "versus", "vs", "against", "toward", "towards", "via", "per",
    ]);

    private static readonly FrozenSet<string> SingularI = FrozenSet.Create(StringComparer.Ordinal, ["i", "i'm", "i've", "i'll", "i'd", "i’m", "i’ve", "i’ll", "i’d"]);

    private PromptFacts(string text)
    {
        Text = text;
        var quoted = new HashSet<string>(StringComparer.Ordinal);
        var tokens = Tokenize(ExtractQuotes(text, quoted));
        Quoted = quoted;

        var words = new HashSet<string>(StringComparer.Ordinal);
        var quantities = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sides = new Dictionary<int, int>();
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        var negations = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var lower = token.Lower;
            words.Add(lower);
            var bare = lower.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal);
            if (NegationWords.Contains(bare) || lower.EndsWith("n't", StringComparison.Ordinal) || lower.EndsWith("n\u2019t", StringComparison.Ordinal))
            {
                negations++;
            }

            if (Number(lower) is { } number)
            {
                var unit = i + 1 < tokens.Count && Units.TryGetValue(tokens[i + 1].Lower, out var u) ? u : "";
                quantities.Add(number + unit);
            }
            else if (QuantityWords.TryGetValue(lower, out var quantity) && (lower != "may" || (token.IsCapitalised && !token.StartsSentence)))
            {
                quantities.Add(quantity);
            }

            if (IsName(token))
            {
                names.Add(lower);
            }

            if (i + 1 < tokens.Count && OppositeWords.Sides.TryGetValue(lower + " " + tokens[i + 1].Lower, out var phrase))
            {
                sides[phrase.Pair] = sides.GetValueOrDefault(phrase.Pair) | phrase.Side;
            }
            else if (OppositeWords.Sides.TryGetValue(lower, out var single))
            {
                sides[single.Pair] = sides.GetValueOrDefault(single.Pair) | single.Side;
            }

            if (RolePrepositions.Contains(lower) && NextContentWord(tokens, i + 1) is { } role)
            {
                roles.TryAdd(role, lower);
            }
        }

        Words = words;
        Negated = negations % 2 == 1;
        Quantities = quantities;
        Names = names;
        Sides = sides;
        Roles = roles;
        ContentWords = StrictReferenceKey.Words(text);
    }

    /// <summary>The prompt.</summary>
    public string Text { get; }

    /// <summary>Its words, lower-case.</summary>
    public IReadOnlySet<string> Words { get; }

    /// <summary>Whether it says "not" (or another negation) an odd number of times.</summary>
    public bool Negated { get; }

    /// <summary>Numbers (with the unit after them), amounts, currencies, dates and times, normalised.</summary>
    public IReadOnlySet<string> Quantities { get; }

    /// <summary>Quoted text, lower-case with its spaces collapsed.</summary>
    public IReadOnlySet<string> Quoted { get; }

    /// <summary>Words written as names: capitalised inside a sentence, all capitals, mixed case, or letters with digits.</summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>For each opposite-word pair it mentions, the sides it takes (1, 2 or both: 3).</summary>
    public IReadOnlyDictionary<int, int> Sides { get; }

    /// <summary>Each word that follows a directional preposition, with that preposition.</summary>
    public IReadOnlyDictionary<string, string> Roles { get; }

    /// <summary>Its content words in order (as the strict reference keys them).</summary>
    public IReadOnlyList<string> ContentWords { get; }

    /// <summary>The facts of <paramref name="prompt"/>.</summary>
    public static PromptFacts Of(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return new PromptFacts(prompt);
    }

    private static bool IsName(Token token)
    {
        var text = token.Original;
        if (SingularI.Contains(token.Lower) || !text.Any(char.IsLetter))
        {
            return false;
        }

        var hasDigit = text.Any(char.IsDigit);
        var upperAfterFirst = text.Skip(1).Any(char.IsUpper);
        if (hasDigit || upperAfterFirst)
        {
            // GPT4, 2FA, iPhone, PyTorch, ATM
            return true;
        }

        return char.IsUpper(text[0]) && !token.StartsSentence;
    }

    private static string? NextContentWord(List<Token> tokens, int from)
    {
        for (var i = from; i < tokens.Count && i < from + 3; i++)
        {
            var lower = tokens[i].Lower;
            if (!StrictReferenceKey.FillerWords.Contains(lower))
            {
                return StrictReferenceKey.Stem(lower);
            }
        }

        return null;
    }

    private static string? Number(string lower)
    {
        if (NumberWords.TryGetValue(lower, out var word))
        {
            return word;
        }

        if (lower.Length == 0 || !char.IsDigit(lower[0]))
        {
            return null;
        }

        // 1,000.50 → 1000.5; 3rd → 3rd; 10k → 10000
        var digits = new StringBuilder();
        var i = 0;
        for (; i < lower.Length && (char.IsDigit(lower[i]) || lower[i] is ',' or '.'); i++)
        {
            if (lower[i] != ',')
            {
                digits.Append(lower[i]);
            }
        }

        var suffix = lower[i..];
        var numberText = digits.ToString().TrimEnd('.');
        if (decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            value = suffix switch
            {
                "k" => value * 1000,
                "m" or "mn" => value * 1_000_000,
                _ => value,
            };
            if (suffix is "k" or "m" or "mn")
            {
                suffix = "";
            }

            numberText = value.ToString("0.############", CultureInfo.InvariantCulture);
        }

        return numberText + suffix;
    }

    /// <summary>Pulls quoted passages out of <paramref name="text"/> into <paramref name="quoted"/>; returns the text with each passage kept as words.</summary>
    private static string ExtractQuotes(string text, HashSet<string> quoted)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var close = text[i] switch
            {
                '"' => '"',
                '`' => '`',
                '\u201C' => '\u201D',
                '\u2018' => '\u2019',
                '\'' when i == 0 || !char.IsLetterOrDigit(text[i - 1]) => '\'',
                _ => '\0',
            };
            if (close == '\0')
            {
                continue;
            }

            var end = FindClosingQuote(text, i + 1, close);
            if (end < 0)
            {
                continue;
            }

            var passage = string.Join(' ', text[(i + 1)..end].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
            if (passage.Length > 0)
            {
                quoted.Add(passage);
            }

            i = end;
        }

        return text;
    }

    private static int FindClosingQuote(string text, int from, char close)
    {
        for (var j = from; j < text.Length; j++)
        {
            // A straight single quote closes only where a word ends: "don't" holds an apostrophe, not a quote.
            if (text[j] == close && (close != '\'' || j + 1 == text.Length || !char.IsLetterOrDigit(text[j + 1])))
            {
                return j;
            }
        }

        return -1;
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var startsSentence = true;
        var i = 0;
        while (i < text.Length)
        {
            var character = text[i];
            if (StrictReferenceKey.IsWordCharacter(character))
            {
                var start = i;
                while (i < text.Length && (StrictReferenceKey.IsWordCharacter(text[i])
                    || (text[i] is ',' or '.' && i + 1 < text.Length && char.IsDigit(text[i + 1]) && char.IsDigit(text[i - 1]))))
                {
                    i++;
                }

                var original = text[start..i].Trim('\'', '\u2019');
                if (original.Length > 0)
                {
                    tokens.Add(new Token(original, original.ToLowerInvariant(), startsSentence));
                    startsSentence = false;
                }

                continue;
            }

            if (character is '$' or '€' or '£' or '¥' or '%')
            {
                tokens.Add(new Token(character.ToString(), character.ToString(), startsSentence));
            }
            else if (character is '.' or '?' or '!' or ':' or ';' or '\n' or '"' or '\u201C' or '(' or '-' or '*' or '#')
            {
                startsSentence = true;
            }

            i++;
        }

        return tokens;
    }

    private readonly record struct Token(string Original, string Lower, bool StartsSentence)
    {
        public bool IsCapitalised => Original.Length > 0 && char.IsUpper(Original[0]);
    }
}
