namespace Tollgate.Gateway;

/// <summary>
/// The settings of one feature (<c>Tollgate:Features:NAME</c>), the section budgets, output caps and routing will use
/// too. Everything here but <see cref="Cache"/>, <see cref="RateLimits"/>, <see cref="UnitBudget"/>, <see cref="Chargeback"/> and <see cref="Fallbacks"/> shapes the answers the feature's requests get, so the response cache
/// keys its entries by a fingerprint of it: a change misses instead of serving answers made under the old settings.
/// </summary>
public sealed class FeatureOptions
{
    /// <summary>How the response cache treats the feature's requests; unset values follow <c>Tollgate:Cache</c>.</summary>
    public FeatureCacheOptions Cache { get; set; } = new();

    /// <summary>Whether the feature's requests are served; false refuses them with 403 (unset: true).</summary>
    public bool? Enabled { get; set; }

    /// <summary>The model every request of the feature is sent to, whatever model it names (unset: the one it names).</summary>
    public string? Model { get; set; }

    /// <summary>
    /// The cheaper model the feature's requests go to past a budget's <c>DegradeAt</c> when that budget names no
    /// <c>DegradeModel</c> of its own (unset: such a budget does not degrade them).
    /// </summary>
    public string? DegradeModel { get; set; }

    /// <summary>
    /// Whether the gateway adds provider prompt-cache hints to the feature's requests (Anthropic <c>cache_control</c>
    /// breakpoints, OpenAI <c>prompt_cache_key</c>) where the client gave none (unset: true).
    /// </summary>
    public bool? PromptCache { get; set; }
    /// <summary>The feature's routing rule: the tier and model its requests are sent to (unset: none; a request naming <c>"model": "auto"</c> is refused).</summary>
    public FeatureRoutingOptions? Routing { get; set; }

    /// <summary>The feature's output limits and policies; values it sets replace those of <c>Tollgate:Output</c>.</summary>
    public OutputOptions? Output { get; set; }

    /// <summary>The feature's input limit; values it sets replace those of <c>Tollgate:Input</c>.</summary>
    public InputOptions? Input { get; set; }

    /// <summary>The feature's rate limit, a rule of <c>Tollgate:RateLimits</c> for the feature alone; unset: none.</summary>
    public FeatureRateLimitOptions? RateLimits { get; set; }

    /// <summary>The feature's unit budget: what a call should cost on average, in US dollars per 1,000 calls; unset: none.</summary>
    public UnitBudgetOptions? UnitBudget { get; set; }

    /// <summary>Whether the feature's cache hits count against budgets; values it sets replace those of <c>Tollgate:Chargeback</c>.</summary>
    public ChargebackOptions? Chargeback { get; set; }

    /// <summary>
    /// A JSON Schema (its JSON text) that every answer of the feature must meet when a request asks for none of its own
    /// (<c>response_format</c> json_schema): the answer's text is checked against it, reported in
    /// <c>x-tollgate-valid</c> and the ledger's <c>valid</c>; unset: only requests that carry a schema are checked.
    /// </summary>
    public string? OutputSchema { get; set; }
    /// <summary>The feature's fallback chains by model; a model named here uses this chain instead of <c>Tollgate:Fallbacks</c>'s.</summary>
    public Dictionary<string, List<string>>? Fallbacks { get; set; }
}
