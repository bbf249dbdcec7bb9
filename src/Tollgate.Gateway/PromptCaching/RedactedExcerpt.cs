using System.Text;

namespace Tollgate.Gateway.PromptCaching;

/// <summary>
/// A few characters of a prompt around a place, fit to show an operator: cut at character boundaries, and every digit,
/// and every word that holds one (a time, a date, an id), masked with <c>#</c>, so a finding names the shape of what
/// changes (<c>####-##-##T##:##</c>) without the value.
/// </summary>
internal static class RedactedExcerpt
{
    /// <summary>Bytes shown before the place.</summary>
    public const int Before = 16;

    /// <summary>Bytes shown from the place on.</summary>
    public const int After = 24;

    /// <summary>The redacted excerpt of <paramref name="bytes"/>, marked where it was cut from a longer text.</summary>
    public static string Of(ReadOnlySpan<byte> bytes, bool cutBefore, bool cutAfter)
    {
        var text = Encoding.UTF8.GetString(bytes).Trim('\uFFFD');
        var masked = new StringBuilder(text.Length + 2);
        masked.Append(cutBefore ? "…" : string.Empty);
        var word = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                continue;
            }

            var run = text.AsSpan(word, i - word);
            var holdsDigit = run.IndexOfAnyInRange('0', '9') >= 0;
            for (var c = 0; c < run.Length; c++)
            {
                masked.Append(holdsDigit ? '#' : run[c]);
            }

            if (i < text.Length)
            {
                masked.Append(char.IsControl(text[i]) ? ' ' : text[i]);
            }

            word = i + 1;
        }

        return masked.Append(cutAfter ? "…" : string.Empty).ToString();
    }
}
