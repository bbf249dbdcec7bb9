namespace Tollgate.Core.Caching;

/// <summary>
/// Decides whether a token of <see cref="PersonalData"/> is a secret: a known issuer's prefix, an AWS access key
/// id, or a long token that looks random (provider object ids and hex digests excluded).
/// </summary>
internal static class PersonalDataSecrets
{
    private const int MinGenericSecretLength = 32;

    // Provider object ids: long and random, but they name an object, they do not grant access.
    private static readonly string[] s_idPrefixes =
    [
        "resp_", "msg_", "msgbatch_", "chatcmpl-", "call_", "toolu_", "file-", "file_", "fc_", "rs_", "batch_",
        "asst_", "thread_", "run_", "step_", "vs_", "req_", "evt_", "conv_", "ws_", "cmpl-", "ft-", "ftjob-",
    ];

    // Secrets recognised by their issuer's prefix, with the fewest characters that must follow it.
    private static readonly (string Prefix, int MinRest)[] s_secretPrefixes =
    [
        ("sk-ant-", 20), ("sk-", 20), ("tg-", 32), ("ghp_", 30), ("gho_", 30), ("ghs_", 30), ("ghu_", 30),
        ("github_pat_", 30), ("xoxb-", 20), ("xoxp-", 20), ("xoxa-", 20), ("sk_live_", 20), ("rk_live_", 20),
        ("sk_test_", 20), ("glpat-", 20), ("AIza", 35),
    ];

    public static bool IsSecret(ReadOnlySpan<char> token)
    {
        foreach (var (prefix, minRest) in s_secretPrefixes)
        {
            if (token.StartsWith(prefix, StringComparison.Ordinal))
                return token.Length - prefix.Length >= minRest && ContainsDigit(token[prefix.Length..]);
        }
        // AWS access key ids: AKIA (long-lived) or ASIA (temporary), then 16 upper-case letters or digits.
        if (token.Length == 20 && (token.StartsWith("AKIA", StringComparison.Ordinal) || token.StartsWith("ASIA", StringComparison.Ordinal)))
        {
            foreach (var c in token)
            {
                if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
                    return false;
            }
            return true;
        }
        if (token.Length < MinGenericSecretLength)
            return false;
        foreach (var prefix in s_idPrefixes)
        {
            if (token.StartsWith(prefix, StringComparison.Ordinal))
                return false;
        }
        return LooksRandom(token);
    }

    private static int CharClass(char c) => char.IsAsciiLetterUpper(c) ? 0 : char.IsAsciiLetterLower(c) ? 1 : char.IsAsciiDigit(c) ? 2 : 3;

    private static bool ContainsDigit(ReadOnlySpan<char> s) => s.IndexOfAnyInRange('0', '9') >= 0;

    /// <summary>
    /// A long token mixing upper case, lower case and digits with the character spread of random text. Hex
    /// (digests, commit ids) has no upper/lower mix and is left alone; identifiers in camel case repeat letters.
    /// </summary>
    private static bool LooksRandom(ReadOnlySpan<char> token)
    {
        int upper = 0, lower = 0, digit = 0;
        Span<int> counts = stackalloc int[128];
        foreach (var c in token)
        {
            if (char.IsAsciiLetterUpper(c))
                upper++;
            else if (char.IsAsciiLetterLower(c))
                lower++;
            else if (char.IsAsciiDigit(c))
                digit++;
            counts[c]++;
        }
        if (upper < 3 || lower < 3 || digit < 3)
            return false;
        // Random text switches between upper case, lower case and digits at about 6 characters in 10;
        // identifiers keep words together ("getUserAccountBalance2024" switches at under 4 in 10).
        var switches = 0;
        for (var k = 1; k < token.Length; k++)
        {
            if (CharClass(token[k]) != CharClass(token[k - 1]))
                switches++;
        }
        if (switches * 100 < (token.Length - 1) * 45)
            return false;
        double entropy = 0;
        foreach (var n in counts)
        {
            if (n == 0)
                continue;
            var p = (double)n / token.Length;
            entropy -= p * Math.Log2(p);
        }
        // Random base-62 text of 32+ characters scores about 4.5 bits; English in camel case stays under 4.
        return entropy >= 4.2;
    }
}
