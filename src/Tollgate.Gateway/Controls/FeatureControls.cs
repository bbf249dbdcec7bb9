namespace Tollgate.Gateway.Controls;

/// <summary>
/// The input and output controls of one feature's requests (or of requests that name no feature with settings): its
/// own values, else the global ones (<c>Tollgate:Output</c>, <c>Tollgate:Input</c>).
/// </summary>
/// <param name="Enabled">Whether the feature's requests are served.</param>
/// <param name="Model">The model its requests are sent to, or null for the one they name.</param>
/// <param name="DefaultMaxTokens">The output limit of a request that names none, or null.</param>
/// <param name="MaxTokensCap">The largest output limit sent, or null.</param>
/// <param name="StopSequences">Stop sequences added after the client's own.</param>
/// <param name="ConciseInstruction">Text appended to the system prompt, or null.</param>
/// <param name="MaxInputTokens">The most prompt tokens, or null for no limit.</param>
/// <param name="OverLimit">What happens to a prompt over <paramref name="MaxInputTokens"/>.</param>
/// <param name="DegradeModel">The cheaper model a budget without its own degrades the feature's requests to, or null.</param>
/// <param name="PromptCache">Whether the gateway adds provider prompt-cache hints to the requests.</param>
/// <param name="ValidationRetries">How many times a whole answer failing its JSON Schema is asked for again.</param>
internal sealed record FeatureControls(
    bool Enabled,
    string? Model,
    int? DefaultMaxTokens,
    int? MaxTokensCap,
    IReadOnlyList<string> StopSequences,
    string? ConciseInstruction,
    int? MaxInputTokens,
    InputOverLimit OverLimit,
    string? DegradeModel = null,
    bool PromptCache = true,
    int ValidationRetries = OutputOptions.DefaultValidationRetries)
{
    /// <summary>Whether the shape stage has anything to do for these requests.</summary>
    public bool ShapesOutput => Model is not null || DefaultMaxTokens is not null || MaxTokensCap is not null || StopSequences.Count > 0 || ConciseInstruction is not null;
}
