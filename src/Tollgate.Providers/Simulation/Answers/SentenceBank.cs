namespace Tollgate.Providers.Simulation.Answers;

/// <summary>The sentences simulated answers are built from: plain, varied, and free of anything a test could mistake for a real fact.</summary>
internal static class SentenceBank
{
    public static readonly string[] Sentences =
    [
        "Here is a short answer to your question.",
        "The main point is that small, steady steps usually work better than one large change.",
        "It helps to start with the simplest version and measure before adding anything else.",
        "Most of the cost comes from a few repeated tasks, so those are worth looking at first.",
        "A clear structure makes the result easier to check and to reuse later.",
        "There are two reasonable options, and the better one depends on how often the data changes.",
        "In practice, caching the stable parts saves the most time and money.",
        "If the input is ambiguous, asking one clarifying question is cheaper than guessing.",
        "The example below shows the idea in a few lines.",
        "Keep the names short and the steps in the order they happen.",
        "This approach scales well as long as each part does one thing.",
        "You can verify the outcome by comparing it with a known good case.",
        "The trade-off is a little more set-up in exchange for fewer surprises later.",
        "Errors are easier to handle when they are reported close to where they happen.",
        "A summary of the key facts fits in a single paragraph.",
        "Smaller models handle routine classification and extraction well.",
        "Longer prompts cost more, so repeated context is worth trimming or caching.",
        "The result is deterministic, which makes it easy to test.",
        "Each step can be retried safely because it has no side effects.",
        "The numbers add up once the cached and uncached parts are counted separately.",
        "For most teams, a weekly review of the biggest spenders is enough.",
        "The short version is: measure, then change one thing at a time.",
        "That covers the essentials; the details depend on your setup.",
        "A good default is to cap the output length and raise it only where needed.",
        "Batching work that nobody waits for is usually half the price.",
        "The list is ordered from the most to the least important item.",
        "Nothing here requires a new tool, only a few careful settings.",
        "When in doubt, prefer the option that is easier to undo.",
        "This should be enough to get started.",
        "Let me know if you want a longer explanation of any part.",
    ];

    /// <summary>Words used where a tool argument wants a string.</summary>
    public static readonly string[] Words =
    [
        "alpha", "harbor", "river", "cedar", "summit", "meadow", "copper", "lantern",
        "orbit", "willow", "granite", "signal", "canyon", "ember", "falcon", "maple",
    ];
}
