namespace Tollgate.Core.Routing;

/// <summary>
/// The phrases <see cref="PromptScan"/> looks for in lower-cased prompt text. Each list is small and counted by how
/// many different phrases occur, not how often: one long prompt repeating a word is not more complex for it.
/// </summary>
internal static class PromptCues
{
    /// <summary>Phrases of a question about quantities (a multi-step word problem asks one).</summary>
    public static readonly byte[][] Quantity =
    [
        "how many"u8.ToArray(), "how much"u8.ToArray(), "how old"u8.ToArray(), "how long"u8.ToArray(), "how far"u8.ToArray(),
        "how fast"u8.ToArray(), "what is the total"u8.ToArray(), "what percentage"u8.ToArray(), "what percent"u8.ToArray(),
        "calculate"u8.ToArray(), "compute"u8.ToArray(), "in total"u8.ToArray(), "altogether"u8.ToArray(), "total"u8.ToArray(),
        "remaining"u8.ToArray(), "left over"u8.ToArray(), "average"u8.ToArray(), "per "u8.ToArray(), "each"u8.ToArray(),
        "times as"u8.ToArray(), "more than"u8.ToArray(), "less than"u8.ToArray(), "fewer"u8.ToArray(), "%"u8.ToArray(),
        "$"u8.ToArray(), "profit"u8.ToArray(), "solve"u8.ToArray(),
    ];

    /// <summary>Marks of source code, in any common language.</summary>
    public static readonly byte[][] Code =
    [
        "```"u8.ToArray(), "def "u8.ToArray(), "return "u8.ToArray(), "import "u8.ToArray(), ">>>"u8.ToArray(),
        "#include"u8.ToArray(), "function "u8.ToArray(), "=>"u8.ToArray(), "};"u8.ToArray(), "):\n"u8.ToArray(),
        "\"\"\""u8.ToArray(), "public "u8.ToArray(), "class "u8.ToArray(), "console."u8.ToArray(), "print("u8.ToArray(),
        "    "u8.ToArray(),
    ];

    /// <summary>Asks for reasoning or engineering work.</summary>
    public static readonly byte[][] Reasoning =
    [
        "step by step"u8.ToArray(), "prove"u8.ToArray(), "derive"u8.ToArray(), "reason through"u8.ToArray(),
        "think through"u8.ToArray(), "trade-off"u8.ToArray(), "tradeoff"u8.ToArray(), "optimize"u8.ToArray(),
        "optimise"u8.ToArray(), "design a"u8.ToArray(), "debug"u8.ToArray(), "refactor"u8.ToArray(), "algorithm"u8.ToArray(),
    ];

    /// <summary>Asks for writing: summaries, explanations, prose.</summary>
    public static readonly byte[][] Writing =
    [
        "write "u8.ToArray(), "summar"u8.ToArray(), "explain"u8.ToArray(), "describe"u8.ToArray(), "translate"u8.ToArray(),
        "essay"u8.ToArray(), "story"u8.ToArray(), "poem"u8.ToArray(), "draft"u8.ToArray(), "rewrite"u8.ToArray(),
        "compare"u8.ToArray(),
    ];

    /// <summary>Quantities written as words.</summary>
    public static readonly byte[][] NumberWords =
    [
        "half"u8.ToArray(), "twice"u8.ToArray(), "double"u8.ToArray(), "triple"u8.ToArray(), "thrice"u8.ToArray(),
        "quarter"u8.ToArray(), "third"u8.ToArray(), "one"u8.ToArray(), "two"u8.ToArray(), "three"u8.ToArray(), "four"u8.ToArray(),
        "five"u8.ToArray(), "six"u8.ToArray(), "seven"u8.ToArray(), "eight"u8.ToArray(), "nine"u8.ToArray(), "ten"u8.ToArray(),
        "eleven"u8.ToArray(), "twelve"u8.ToArray(), "fifteen"u8.ToArray(), "twenty"u8.ToArray(), "thirty"u8.ToArray(),
        "forty"u8.ToArray(), "fifty"u8.ToArray(), "hundred"u8.ToArray(), "thousand"u8.ToArray(), "dozen"u8.ToArray(),
    ];

    /// <summary>The lists a cue belongs to, as the bit sets <see cref="Seen"/> keeps.</summary>
    public enum List
    {
        Quantity,
        Code,
        Reasoning,
        Writing,
    }

    // Every cue, by its first byte: the scan tries only the cues that can start where it stands.
    private static readonly Cue[][] ByFirstByte = Index();

    // The number words packed into a 64-bit value each (none is longer than eight letters).
    private static readonly ulong[] PackedNumberWords = [.. NumberWords.Select(word => Pack(word))];

    /// <summary>
    /// Marks in <paramref name="seen"/> every cue that starts at <paramref name="position"/> of <paramref name="text"/>
    /// (lower case). The scan calls it where a word starts and at every other byte that is not a letter, so a word cue
    /// is found only at the start of a word (<c>per </c> is not found in <c>super </c>, nor <c>each</c> in <c>reach</c>),
    /// a cue that starts with a symbol wherever that symbol is.
    /// </summary>
    public static void Match(ReadOnlySpan<byte> text, int position, ref Seen seen)
    {
        var cues = ByFirstByte[text[position]];
        if (cues.Length == 0)
        {
            return;
        }

        var rest = text[position..];
        foreach (var cue in cues)
        {
            if (rest.StartsWith(cue.Phrase))
            {
                seen.Mark(cue.List, cue.Bit);
            }
        }
    }

    /// <summary>Whether <paramref name="word"/> (lower case) is one of <see cref="NumberWords"/>.</summary>
    public static bool IsNumberWord(ReadOnlySpan<byte> word)
    {
        if (word.Length is < 3 or > 8)
        {
            return false;
        }

        var packed = Pack(word);
        foreach (var candidate in PackedNumberWords)
        {
            if (candidate == packed)
            {
                return true;
            }
        }

        return false;
    }

    private static ulong Pack(ReadOnlySpan<byte> word)
    {
        var packed = 0UL;
        for (var i = 0; i < word.Length; i++)
        {
            packed |= (ulong)word[i] << (8 * i);
        }

        return packed;
    }

    private static Cue[][] Index()
    {
        var buckets = new List<Cue>[256];
        Add(buckets, Quantity, List.Quantity);
        Add(buckets, Code, List.Code);
        Add(buckets, Reasoning, List.Reasoning);
        Add(buckets, Writing, List.Writing);
        var index = new Cue[256][];
        for (var i = 0; i < index.Length; i++)
        {
            index[i] = buckets[i] is { } bucket ? [.. bucket] : [];
        }

        return index;
    }

    private static void Add(List<Cue>[] buckets, byte[][] phrases, List list)
    {
        for (var i = 0; i < phrases.Length; i++)
        {
            (buckets[phrases[i][0]] ??= []).Add(new Cue(phrases[i], list, i));
        }
    }

    /// <summary>The cues seen so far, one bit per cue of each list.</summary>
    public struct Seen
    {
        public ulong Quantity;
        public ulong Code;
        public ulong Reasoning;
        public ulong Writing;

        public void Mark(List list, int bit)
        {
            var mask = 1UL << bit;
            switch (list)
            {
                case List.Quantity:
                    Quantity |= mask;
                    break;
                case List.Code:
                    Code |= mask;
                    break;
                case List.Reasoning:
                    Reasoning |= mask;
                    break;
                default:
                    Writing |= mask;
                    break;
            }
        }
    }

    private readonly record struct Cue(byte[] Phrase, List List, int Bit);
}
