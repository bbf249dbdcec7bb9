using System.Collections.Frozen;

namespace Tollgate.Semantic.Guards;

/// <summary>
/// Pairs of opposite meanings, each side a few words or two-word phrases with their inflections. Two prompts conflict
/// on a pair when one says one side and the other says the other side (or both): "enable" against "disable" conflicts,
/// "enable" against a prompt that says neither does not.
/// </summary>
internal static class OppositeWords
{
    // Each line: one side | the other side. Words are base forms; their regular inflections are added below, irregular
    // ones are listed; a word ending in '!' is taken as it is ("new" must not match "news"). A phrase is two words joined by '_', matched as consecutive words (its first word inflected).
    private static readonly string[] Pairs =
    [
        "enable activate unblock|disable deactivate",
        "turn_on switch_on|turn_off switch_off",
        "increase raise rise rose risen grow grew higher more|decrease lower reduce reduction cut drop fall fell less fewer",
        "buy bought purchase|sell sold",
        "buyer purchaser|seller vendor",
        "before prior earlier|after later afterwards",
        "add insert include attach|remove delete exclude detach",
        "lock freeze froze frozen block|unlock unfreeze unfroze unfrozen unblock",
        "open opened reopen|close shut",
        "start begin began begun resume|stop pause halt",
        "accept approve allow permit grant|reject decline deny denied refuse forbid forbade ban",
        "send sent|receive",
        "sender payer|recipient receiver payee",
        "deposit|withdraw withdrew withdrawn withdrawal",
        "credit|debit",
        "lend lent loan|borrow",
        "import|export",
        "upload|download",
        "log_in sign_in login signin|log_out sign_out logout signout",
        "subscribe|unsubscribe",
        "encrypt|decrypt",
        "compress zip|decompress unzip extract",
        "install|uninstall",
        "connect|disconnect",
        "mount|unmount",
        "show shown reveal display|hide hid hidden",
        "visible public|invisible private",
        "online|offline",
        "push|pull",
        "input|output",
        "incoming inbound|outgoing outbound",
        "upgrade|downgrade",
        "maximum max maximize highest most largest biggest|minimum min! minimize lowest least smallest",
        "first earliest oldest|last latest newest",
        "old!|new!",
        "next future upcoming|previous past last",
        "true!|false!",
        "correct valid|wrong incorrect invalid",
        "legal|illegal",
        "possible|impossible",
        "cheap cheaper cheapest|expensive pricey",
        "fast faster fastest quick|slow slower slowest",
        "long longer longest|short shorter shortest",
        "big bigger large larger|small smaller tiny",
        "hot warm|cold cool",
        "positive|negative",
        "win won|lose lost",
        "gain profit|loss",
        "plus!|minus!",
        "above! over!|below! under!",
        "top!|bottom!",
        "left!|right!",
        "north|south",
        "east|west",
        "ascending asc|descending desc",
        "domestic national|international foreign abroad overseas",
        "agree|disagree",
        "like love|dislike hate",
        "appear|disappear",
        "enter|exit",
        "expand|collapse",
        "internal|external",
        "inside|outside",
        "male man men boy|female woman women girl",
        "husband|wife",
        "day|night!",
        "morning|evening",
        "summer|winter",
        "success succeed successful|failure fail failed",
        "refund|charge",
    ];

    /// <summary>For each single word (and each two-word phrase as "first second"): the pair it belongs to and its side (1 or 2).</summary>
    public static FrozenDictionary<string, (int Pair, int Side)> Sides { get; } = Build();

    public static int PairCount => Pairs.Length;

    private static FrozenDictionary<string, (int Pair, int Side)> Build()
    {
        var sides = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var pair = 0; pair < Pairs.Length; pair++)
        {
            var halves = Pairs[pair].Split('|');
            for (var side = 0; side < 2; side++)
            {
                foreach (var entry in halves[side].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var words = entry.TrimEnd('!').Split('_');
                    IEnumerable<string> forms = entry.EndsWith('!') ? [words[0]] : Inflections(words[0]);
                    foreach (var form in forms)
                    {
                        // A word on sides of two pairs keeps the first pair's meaning.
                        sides.TryAdd(words.Length == 1 ? form : form + " " + words[1], (pair, side + 1));
                    }
                }
            }
        }

        return sides.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Inflections(string word)
    {
        yield return word;
        yield return word + "s";
        yield return word + "es";
        yield return word + "ed";
        yield return word + "ing";
        yield return word + "er";
        yield return word + "ers";
        if (word.EndsWith('e'))
        {
            yield return word + "d";
            yield return word[..^1] + "ing";
            yield return word[..^1] + "ion";
            yield return word[..^1] + "ions";
        }
        else
        {
            yield return word + "ion";
        }

        if (word.EndsWith('y') && word.Length > 2 && !"aeiou".Contains(word[^2], StringComparison.Ordinal))
        {
            yield return word[..^1] + "ies";
            yield return word[..^1] + "ied";
        }

        // stop → stopped, stopping; log → logged
        if (word.Length >= 3 && !"aeiouwxy".Contains(word[^1], StringComparison.Ordinal) && "aeiou".Contains(word[^2], StringComparison.Ordinal) && !"aeiou".Contains(word[^3], StringComparison.Ordinal))
        {
            yield return word + word[^1] + "ed";
            yield return word + word[^1] + "ing";
        }
    }
}
