using System.Text;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>Prompts long enough for the providers' prompt caches (about 2,000 tokens), which no other test sends.</summary>
internal static class LongPrompt
{
    /// <summary>A long prompt about <paramref name="topic"/>, starting with a fresh id, so the simulator's cache holds nothing of it yet.</summary>
    public static string About(string topic)
    {
        var text = new StringBuilder(Guid.NewGuid().ToString("N")).Append(". ");
        for (var i = 0; i < 90; i++)
        {
            text.Append(topic).Append(", rule ").Append(i).Append(": every request is one ledger row with its tokens, its cost and the lever that saved it. ");
        }

        return text.ToString();
    }
}
