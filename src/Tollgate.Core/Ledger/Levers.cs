namespace Tollgate.Core.Ledger;

/// <summary>
/// Names of the levers a ledger row credits savings to (<see cref="LeverSaving.Lever"/>, <see cref="LedgerEntry.Lever"/>).
/// </summary>
public static class Levers
{
    /// <summary>Answered from the exact response cache.</summary>
    public const string Exact = "exact";

    /// <summary>Answered from the semantic cache.</summary>
    public const string Semantic = "semantic";

    /// <summary>Answered by joining an identical call already in flight.</summary>
    public const string Coalesced = "coalesced";

    /// <summary>Sent to a cheaper model than the one requested.</summary>
    public const string Routing = "routing";

    /// <summary>Sent to a cheaper model because a budget ran low.</summary>
    public const string Degrade = "degrade";

    /// <summary>Prompt-cache hints Tollgate added made the provider bill cached prompt tokens.</summary>
    public const string PromptCache = "prompt-cache";

    /// <summary>The provider billed cached prompt tokens on its own (or through the client's own cache hints).</summary>
    public const string ProviderCache = "provider-cache";

    /// <summary>Sent through the provider's Batch API at its discount.</summary>
    public const string Batch = "batch";

    /// <summary>
    /// The output limit a feature's settings set: a default <c>max_tokens</c> injected or the client's lowered to the
    /// cap. It saves nothing a row can measure (nobody knows what the longer answer would have cost); a row whose answer
    /// the limit cut says so in <see cref="LedgerEntry.OutputCapped"/>.
    /// </summary>
    public const string OutputCap = "output-cap";

    /// <summary>
    /// The negotiated discount of the pricing file: list price minus discounted price of the baseline. Not a Tollgate
    /// lever: it is kept beside the levers so that a row's savings still add up to baseline − cost, but it is never a
    /// row's <see cref="LedgerEntry.Lever"/>, and the spend report shows it as <c>discount_usd</c>, apart from
    /// <c>saved_usd</c>.
    /// </summary>
    public const string Discount = "discount";
}
