using System.Buffers.Binary;
using System.Runtime.CompilerServices;

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

    // One bit per pair of bytes a cue can start with (a one-byte cue sets every pair of its byte): the scan calls Match
    // only where the bit of the two bytes it stands on is set, which most words and spaces are not.
    private static readonly ulong[] StartPairs = PairIndex();

    // One bit per hash of the first four bytes of each cue of four bytes or more: a word with four bytes of text left
    // whose first four hash to a bit not set starts no cue (a cue that starts with a letter has four bytes or more).
    private const int QuadBits = 14;
    private static readonly ulong[] StartQuads = QuadIndex();

    // One bit per hash of the first three bytes of each cue and each number word: a word whose first three hash to a
    // bit not set starts no cue and is no number word, and the scan passes it by.
    private static readonly ulong[] WordTriples = TripleIndex();

    // The number words packed into a 64-bit value each (none is longer than eight letters), each in its own slot of a
    // table of NumberWordSlots slots (0 marks an empty one): a word is looked up with one multiplication and one compare.
    private const int NumberWordSlots = 128;
    private static readonly (ulong Multiplier, ulong[] Table) NumberWordIndex = PerfectNumberWordIndex();
    private static readonly ulong NumberWordMultiplier = NumberWordIndex.Multiplier;
    private static readonly ulong[] NumberWordTable = NumberWordIndex.Table;

    /// <summary>Whether a cue can start at <paramref name="position"/> of <paramref name="text"/>, from its first two bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayStartAt(ReadOnlySpan<byte> text, int position)
    {
        var pair = (text[position] << 8) | (position + 1 < text.Length ? text[position + 1] : 0);
        return (StartPairs[pair >> 6] & (1UL << pair)) != 0;
    }

    /// <summary>
    /// Whether a cue can start at <paramref name="position"/> of <paramref name="text"/>, where a word starts: from its
    /// first four bytes, or its first two when fewer are left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayStartWordAt(ReadOnlySpan<byte> text, int position)
    {
        if (position + sizeof(uint) > text.Length)
        {
            return MayStartAt(text, position);
        }

        var slot = QuadSlot(BinaryPrimitives.ReadUInt32LittleEndian(text[position..]));
        return (StartQuads[slot >> 6] & (1UL << slot)) != 0;
    }

    /// <summary>
    /// Whether the word at <paramref name="position"/> of <paramref name="text"/> may start a cue or be a number word,
    /// from its first three bytes; true where fewer than four bytes are left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayMatterAt(ReadOnlySpan<byte> text, int position)
    {
        if (position + sizeof(uint) > text.Length)
        {
            return true;
        }

        var slot = QuadSlot(BinaryPrimitives.ReadUInt32LittleEndian(text[position..]) & 0xFFFFFF);
        return (WordTriples[slot >> 6] & (1UL << slot)) != 0;
    }

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
        if (rest.Length < sizeof(ulong))
        {
            foreach (var cue in cues)
            {
                if (rest.StartsWith(cue.Phrase))
                {
                    seen.Mark(cue.List, cue.Bit);
                }
            }

            return;
        }

        // The first eight bytes compared at once: most cues are no longer, and the rest rarely get past them.
        var head = BinaryPrimitives.ReadUInt64LittleEndian(rest);
        foreach (var cue in cues)
        {
            if ((head & cue.Mask) == cue.Head && (cue.Phrase.Length <= sizeof(ulong) || rest.StartsWith(cue.Phrase)))
            {
                seen.Mark(cue.List, cue.Bit);
            }
        }
    }

    /// <summary>Whether <paramref name="word"/> (lower case) is one of <see cref="NumberWords"/>.</summary>
    public static bool IsNumberWord(ReadOnlySpan<byte> word) => word.Length is >= 3 and <= 8 && IsPackedNumberWord(Pack(word));

    /// <summary>Whether <paramref name="packed"/>, a word of three to eight letters packed as <see cref="Pack"/> packs it, is one of <see cref="NumberWords"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPackedNumberWord(ulong packed) => NumberWordTable[SlotOf(packed, NumberWordMultiplier)] == packed;

    /// <summary>The first eight bytes of <paramref name="word"/> (or all of a shorter one) in a 64-bit value, the first byte lowest.</summary>
    public static ulong Pack(ReadOnlySpan<byte> word)
    {
        var packed = 0UL;
        for (var i = 0; i < word.Length && i < sizeof(ulong); i++)
        {
            packed |= (ulong)word[i] << (8 * i);
        }

        return packed;
    }

    private static int SlotOf(ulong packed, ulong multiplier) => (int)((packed * multiplier) >> 57);

    /// <summary>A multiplier that puts every number word in a slot of its own, and the table it fills.</summary>
    private static (ulong, ulong[]) PerfectNumberWordIndex()
    {
        // Multipliers tried in a fixed order (odd steps of the golden ratio's): the words and so the outcome never vary.
        for (var multiplier = 0x9E3779B97F4A7C15UL; ; multiplier += 0x9E3779B97F4A7C16UL)
        {
            var table = new ulong[NumberWordSlots];
            var placed = true;
            foreach (var word in NumberWords)
            {
                var packed = Pack(word);
                ref var slot = ref table[SlotOf(packed, multiplier)];
                if (slot != 0)
                {
                    placed = false;
                    break;
                }

                slot = packed;
            }

            if (placed)
            {
                return (multiplier, table);
            }
        }
    }

    private static int QuadSlot(uint quad) => (int)((quad * 0x9E3779B1u) >> (32 - QuadBits));

    private static ulong[] QuadIndex()
    {
        var quads = new ulong[(1 << QuadBits) / 64];
        foreach (var list in (byte[][][])[Quantity, Code, Reasoning, Writing])
        {
            foreach (var phrase in list)
            {
                if (phrase.Length >= sizeof(uint))
                {
                    var slot = QuadSlot(BinaryPrimitives.ReadUInt32LittleEndian(phrase));
                    quads[slot >> 6] |= 1UL << slot;
                }
                else if (phrase[0] is >= (byte)'a' and <= (byte)'z')
                {
                    // MayStartWordAt would not see it where four bytes are left.
                    throw new InvalidOperationException($"The cue \"{System.Text.Encoding.UTF8.GetString(phrase)}\" starts with a letter and is shorter than four bytes.");
                }
            }
        }

        return quads;
    }

    private static ulong[] TripleIndex()
    {
        var triples = new ulong[(1 << QuadBits) / 64];
        foreach (var list in (byte[][][])[Quantity, Code, Reasoning, Writing, NumberWords])
        {
            foreach (var phrase in list)
            {
                if (phrase.Length >= 3)
                {
                    var slot = QuadSlot(phrase[0] | ((uint)phrase[1] << 8) | ((uint)phrase[2] << 16));
                    triples[slot >> 6] |= 1UL << slot;
                }
            }
        }

        return triples;
    }

    private static ulong[] PairIndex()
    {
        var pairs = new ulong[256 * 256 / 64];
        foreach (var list in (byte[][][])[Quantity, Code, Reasoning, Writing])
        {
            foreach (var phrase in list)
            {
                for (var second = 0; second < 256; second++)
                {
                    if (phrase.Length == 1 || phrase[1] == second)
                    {
                        var pair = (phrase[0] << 8) | second;
                        pairs[pair >> 6] |= 1UL << pair;
                    }
                }
            }
        }

        return pairs;
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
            var phrase = phrases[i];
            var mask = phrase.Length >= sizeof(ulong) ? ulong.MaxValue : (1UL << (8 * phrase.Length)) - 1;
            (buckets[phrase[0]] ??= []).Add(new Cue(phrase, Pack(phrase), mask, list, i));
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

    /// <summary>A cue's phrase, its first eight bytes packed (<paramref name="Head"/>) and the mask of the bytes it has of them.</summary>
    private readonly record struct Cue(byte[] Phrase, ulong Head, ulong Mask, List List, int Bit);
}
