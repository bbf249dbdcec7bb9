namespace Tollgate.Core.Caching;

/// <summary>
/// Finds personal data and secrets in prompt text, so a request carrying them is neither looked up nor stored.
/// One linear pass; every check looks at a bounded window or a token it then steps over. It leans towards
/// silence on ordinary text: a false alarm only costs a cache miss, but one on every request makes the cache useless.
/// Deliberately not matched: a bare digit run (an order number is not a phone), dates, hex digests (commit
/// hashes, SHA-256 sums) and provider object ids (<c>resp_…</c>, <c>msg_…</c>, <c>chatcmpl-…</c>).
/// </summary>
public static class PersonalData
{
    private static readonly string[] s_fileExtensions = ["png", "jpg", "jpeg", "gif", "svg", "webp", "pdf"];

    /// <summary>Returns a piece of personal data in <paramref name="text"/>, or null when there is none.</summary>
    public static PersonalDataMatch? Find(ReadOnlySpan<char> text)
    {
        for (var at = text.IndexOf('@'); at >= 0;)
        {
            if (FindEmail(text, at) is { } email)
                return email;
            var next = text[(at + 1)..].IndexOf('@');
            at = next < 0 ? -1 : at + 1 + next;
        }

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (i > 0 && IsTokenChar(text[i - 1]))
            {
                i++;
                continue;
            }
            if (char.IsAsciiDigit(c) || ((c == '+' || c == '(') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var end = ScanNumber(text, i, out var match);
                if (match is not null)
                    return match;
                if (end > i && end < text.Length && IsTokenChar(text[end]))
                {
                    // Digits that run on into letters: a token such as a secret that starts with a digit.
                    while (end < text.Length && IsTokenChar(text[end]))
                        end++;
                    if (PersonalDataSecrets.IsSecret(text[i..end]))
                        return new PersonalDataMatch(PersonalDataKind.Secret, i, end - i);
                }
                i = Math.Max(end, i + 1);
                continue;
            }
            if (IsTokenChar(c))
            {
                var end = i;
                while (end < text.Length && IsTokenChar(text[end]))
                    end++;
                var ibanEnd = end;
                if (char.IsAsciiLetterUpper(c) && FindIban(text, i, out ibanEnd) is { } iban)
                    return iban;
                if (PersonalDataSecrets.IsSecret(text[i..end]))
                    return new PersonalDataMatch(PersonalDataKind.Secret, i, end - i);
                // Text shaped like an IBAN that fails its check is a mistyped IBAN, not a card number in disguise.
                i = Math.Max(end, ibanEnd);
                continue;
            }
            i++;
        }
        return null;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-';

    private static PersonalDataMatch? FindEmail(ReadOnlySpan<char> text, int at)
    {
        var start = at;
        while (start > 0 && at - start < 64 && IsLocalChar(text[start - 1]))
            start--;
        if (start == at || text[start] == '.' || (start > 0 && IsLocalChar(text[start - 1])))
            return null;

        var end = at + 1;
        var labels = 0;
        var labelStart = end;
        var lastLabelLetters = true;
        while (end < text.Length && end - at < 254)
        {
            var c = text[end];
            if (char.IsAsciiLetterOrDigit(c) || (c == '-' && end > labelStart))
            {
                end++;
                continue;
            }
            // A dot continues the domain only when a label follows it; otherwise it ends the sentence.
            if (c == '.' && end > labelStart && end + 1 < text.Length && char.IsAsciiLetterOrDigit(text[end + 1]))
            {
                labels++;
                end++;
                labelStart = end;
                continue;
            }
            break;
        }
        if (labels == 0 || end == labelStart)
            return null;
        var tld = text[labelStart..end];
        foreach (var ch in tld)
            lastLabelLetters &= char.IsAsciiLetter(ch);
        if (!lastLabelLetters || tld.Length < 2)
            return null;
        foreach (var extension in s_fileExtensions)
        {
            // "icon@2x.png" names a file.
            if (tld.Equals(extension, StringComparison.OrdinalIgnoreCase))
                return null;
        }
        return new PersonalDataMatch(PersonalDataKind.Email, start, end - start);
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    /// <summary>
    /// Reads a run of digits and the separators people write between them, then decides whether it is a card
    /// number or a phone number. Returns where the run ends so the caller steps over it.
    /// </summary>
    private static int ScanNumber(ReadOnlySpan<char> text, int start, out PersonalDataMatch? match)
    {
        match = null;
        Span<byte> digits = stackalloc byte[20];
        Span<int> groups = stackalloc int[6];
        var digitCount = 0;
        var groupCount = 0;
        var groupLength = 0;
        var onlyCardSeparators = true;
        var i = start;
        var international = text[i] == '+';
        if (international)
            i++;
        var lastDigitEnd = i;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (digitCount < digits.Length)
                    digits[digitCount] = (byte)(c - '0');
                digitCount++;
                groupLength++;
                i++;
                lastDigitEnd = i;
                continue;
            }
            // At most two separators in a row (") " in "(555) 123"), and a digit or "(" must follow.
            var j = i;
            while (j < text.Length && j - i < 2 && text[j] is ' ' or '-' or '.' or '(' or ')')
                j++;
            if (j == i || j >= text.Length || !char.IsAsciiDigit(text[j]))
                break;
            for (var k = i; k < j; k++)
                onlyCardSeparators &= text[k] is ' ' or '-';
            onlyCardSeparators &= j - i == 1;
            if (groupLength > 0)
            {
                if (groupCount < groups.Length)
                    groups[groupCount] = groupLength;
                groupCount++;
            }
            groupLength = 0;
            i = j;
        }
        if (groupLength > 0)
        {
            if (groupCount < groups.Length)
                groups[groupCount] = groupLength;
            groupCount++;
        }
        var end = lastDigitEnd;
        if (end < text.Length && IsTokenChar(text[end]))
            return end;

        var first = text[start];
        if (!international && first is >= '2' and <= '6' && onlyCardSeparators && digitCount is >= 13 and <= 19
            && PassesLuhn(digits[..digitCount]))
        {
            match = new PersonalDataMatch(PersonalDataKind.CardNumber, start, end - start);
        }
        else if (IsPhone(international, digitCount, groups[..Math.Min(groupCount, groups.Length)], groupCount, first))
        {
            match = new PersonalDataMatch(PersonalDataKind.Phone, start, end - start);
        }
        return end;
    }

    private static bool IsPhone(bool international, int digitCount, ReadOnlySpan<int> groups, int groupCount, char first)
    {
        if (international)
            return digitCount is >= 8 and <= 15;
        // A bare run of digits is an id or an amount more often than a phone; people group the digits of a phone.
        if (groupCount < 2 || digitCount is < 10 or > 11 || groupCount > groups.Length)
            return false;
        if (groups.SequenceEqual([3, 3, 4]) || groups.SequenceEqual([1, 3, 3, 4]))
            return true;
        // National numbers with a trunk prefix ("020 7946 0958", "06 12 34 56 78").
        if (first != '0' && first != '(')
            return false;
        foreach (var g in groups)
        {
            if (g is < 2 or > 4)
                return false;
        }
        return true;
    }

    private static bool PassesLuhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        for (int i = digits.Length - 1, n = 0; i >= 0; i--, n++)
        {
            var d = digits[i];
            if ((n & 1) == 1)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>
    /// An IBAN: country letters, check digits, then up to 30 letters or digits, optionally in groups of four.
    /// Every length the groups allow is tried against the mod-97 check, so text after the IBAN does not hide it.
    /// </summary>
    private static PersonalDataMatch? FindIban(ReadOnlySpan<char> text, int start, out int end)
    {
        end = start;
        if (start + 4 > text.Length || !char.IsAsciiLetterUpper(text[start + 1])
            || !char.IsAsciiDigit(text[start + 2]) || !char.IsAsciiDigit(text[start + 3]))
            return null;
        // The check moves the first four characters to the end: remember their value and digit count.
        long head = 0;
        long headScale = 1;
        for (var k = start; k < start + 4; k++)
        {
            var v = IbanValue(text[k]);
            head = (head * (v >= 10 ? 100 : 10) + v) % 97;
            headScale = headScale * (v >= 10 ? 100 : 10) % 97;
        }
        long rest = 0;
        var count = 4;
        var i = start + 4;
        while (i < text.Length && count < 34)
        {
            var c = text[i];
            if (c == ' ' && i + 1 < text.Length && IsIbanChar(text[i + 1]) && IsIbanChar(text[i - 1]))
            {
                i++;
                continue;
            }
            if (!IsIbanChar(c))
                break;
            var v = IbanValue(c);
            rest = (rest * (v >= 10 ? 100 : 10) + v) % 97;
            count++;
            i++;
            var atBoundary = i == text.Length || !IsTokenChar(text[i]);
            if (count >= 15 && atBoundary)
            {
                end = i;
                if ((rest * headScale + head) % 97 == 1)
                    return new PersonalDataMatch(PersonalDataKind.Iban, start, i - start);
            }
        }
        return null;
    }

    private static bool IsIbanChar(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c);

    private static int IbanValue(char c) => char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;


}
