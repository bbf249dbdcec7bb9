namespace Tollgate.Gateway;

/// <summary>
/// A feature's routing rule (<c>Tollgate:Features:NAME:Routing</c>): which tier its requests need, by task type or by
/// the prompt, and which model serves each tier. Any value set turns the rule on; <see cref="Enabled"/> <c>false</c>
/// turns it off without removing it. docs/routing.md explains the whole of it.
/// </summary>
public sealed class FeatureRoutingOptions
{
    /// <summary>Whether the rule applies (unset: true).</summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The task type of the feature's requests that send no <c>x-tollgate-task</c> (<c>classification</c>,
    /// <c>extraction</c>, <c>formatting</c>, <c>summarization</c>, <c>chat</c>, <c>reasoning</c>, <c>creative</c>,
    /// <c>code</c>); unset: the complexity classifier picks the tier from the prompt.
    /// </summary>
    public string? Task { get; set; }

    /// <summary>
    /// Whether a request that names a model is routed too (to a model of a cheaper tier than the one it names, never a
    /// dearer one); unset: false, the model a request names is honoured and only <c>"model": "auto"</c> is routed.
    /// </summary>
    public bool? RewriteModel { get; set; }

    /// <summary>Task type → tier (<c>small</c>, <c>medium</c>, <c>frontier</c>), replacing the default tier of each task type named.</summary>
    public Dictionary<string, string> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Tier → model: the model that serves the tier for requests of its provider family (an OpenAI model for OpenAI
    /// requests, an Anthropic model for Anthropic requests); a tier or family not named here is served by the model
    /// catalog's preferred model of that tier and family.
    /// </summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
