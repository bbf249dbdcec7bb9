using System.Text;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

/// <summary>Long, deterministic prose for prompts that are worth caching; <c>topic</c> makes texts differ from the first token.</summary>
internal static class LongText
{
    /// <summary>About 20 tokens a sentence.</summary>
    public static string Of(string topic, int sentences)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            text.Append(topic).Append(", note ").Append(i).Append(": the ledger keeps every request with its tokens, its cost and the lever that saved it. ");
        }

        return text.ToString();
    }
}
