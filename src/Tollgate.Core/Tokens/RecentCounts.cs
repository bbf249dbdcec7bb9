using System.IO.Hashing;

namespace Tollgate.Core.Tokens;

/// <summary>
/// Token counts of texts one tokenizer has counted lately, found again by a 64-bit hash of the text. Requests repeat
/// most of their text: a system prompt, tool definitions and the earlier turns of a conversation come back with every
/// request of it, and counting them costs far more than hashing them (the tokenizer's pre-split and byte-pair merges
/// against a hash over the bytes). A fixed table, one slot per hash: a text that lands on a taken slot replaces what was
/// there, so memory stays bounded whatever clients send. A slot is one 64-bit word (most of the hash, and the count),
/// read and written whole, so readers need no lock and never see half an entry. Two different texts are taken for
/// each other only when 53 bits of their hashes agree: the counts are estimates before a call, never what is billed.
/// </summary>
internal sealed class RecentCounts
{
    private const int Slots = 8192;
    private const int CountBits = 24;
    private const ulong CountMask = (1UL << CountBits) - 1;

    private readonly ulong[] _slots = new ulong[Slots];

    /// <summary>The remembered count of the text whose bytes are <paramref name="text"/>, if any.</summary>
    /// <param name="text">The text's bytes in the form the caller keys it by (one form per <paramref name="seed"/>).</param>
    /// <param name="seed">Tells apart texts keyed by different forms of bytes (UTF-8 of a JSON string, UTF-16 of a string).</param>
    /// <param name="hash">The text's hash, to pass to <see cref="Remember"/> after counting it.</param>
    /// <param name="count">The remembered count; 0 when there is none.</param>
    public bool TryGet(ReadOnlySpan<byte> text, long seed, out ulong hash, out int count)
    {
        hash = XxHash3.HashToUInt64(text, seed);
        var slot = Volatile.Read(ref _slots[(int)(hash & (Slots - 1))]);
        if (slot != 0 && (slot & ~CountMask) == (hash & ~CountMask))
        {
            count = (int)(slot & CountMask);
            return true;
        }

        count = 0;
        return false;
    }

    /// <summary>Remembers <paramref name="count"/> for the text of <paramref name="hash"/>; a count too large for a slot is not.</summary>
    public void Remember(ulong hash, int count)
    {
        if (count <= 0 || (ulong)count > CountMask)
        {
            return;
        }

        Volatile.Write(ref _slots[(int)(hash & (Slots - 1))], (hash & ~CountMask) | (uint)count);
    }
}
