namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// Cuts a whole answer's text into the pieces a synthesized stream sends, so that an SDK sees a stream of many deltas
/// as from a live model: a few words each, every piece after the first starting with the whitespace before its first
/// word (as a model's tokens do), and a run without whitespace cut at a length. The pieces join to the text exactly;
/// none ends inside a surrogate pair, so each is valid on its own in JSON.
/// </summary>
internal static class TextPieces
{
    public const int WordsPerPiece = 3;

    /// <summary>Longest piece of prose.</summary>
    public const int TextLength = 48;

    /// <summary>Longest piece of a tool call's JSON arguments, which have few spaces to cut at.</summary>
    public const int ArgumentsLength = 16;

    public static List<string> Split(string text, int maxLength = TextLength)
    {
        var pieces = new List<string>();
        var start = 0;
        var words = 0;
        var gap = 0;
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (inWord)
                {
                    gap = i;
                    inWord = false;
                }
            }
            else if (!inWord)
            {
                inWord = true;
                if (words == WordsPerPiece)
                {
                    AddCapped(pieces, text, start, gap, maxLength);
                    start = gap;
                    words = 0;
                }

                words++;
            }
        }

        AddCapped(pieces, text, start, text.Length, maxLength);
        return pieces;
    }

    private static void AddCapped(List<string> pieces, string text, int start, int end, int maxLength)
    {
        while (end - start > maxLength)
        {
            var cut = start + maxLength;
            if (char.IsHighSurrogate(text[cut - 1]))
            {
                cut--;
            }

            pieces.Add(text[start..cut]);
            start = cut;
        }

        if (end > start)
        {
            pieces.Add(text[start..end]);
        }
    }
}
