namespace Tollgate.Gateway;

/// <summary>
/// How long and in what form answers may be (<c>Tollgate:Output</c> for every request, <c>Tollgate:Features:NAME:Output</c>
/// for one feature's, whose values replace the global ones they set). Read per request, so an edit of the
/// <c>--config</c> file applies to the next one. Unset values do nothing, but for <see cref="ValidationRetries"/>, which
/// is one unless set.
/// </summary>
public sealed class OutputOptions
{
    /// <summary>
    /// One retry: a model that misses a schema once usually meets it when asked again, and one retry at most doubles the
    /// cost of a request whose answer would otherwise be unusable.
    /// </summary>
    public const int DefaultValidationRetries = 1;

    /// <summary>The most <see cref="ValidationRetries"/> may be: each is a paid call, and a model that failed this often will not do better.</summary>
    public const int MaxValidationRetries = 5;

    /// <summary>
    /// The output limit sent when the client names none (<c>max_tokens</c> / <c>max_completion_tokens</c>, the Responses
    /// API's <c>max_output_tokens</c>); Anthropic requires one, so it never applies there.
    /// </summary>
    public int? DefaultMaxTokens { get; set; }

    /// <summary>The largest output limit sent: a client's larger one is lowered to it (and an absent one set to it).</summary>
    public int? MaxTokensCap { get; set; }

    /// <summary>
    /// Stop sequences added after the client's own (OpenAI <c>stop</c>, at most four in all; Anthropic
    /// <c>stop_sequences</c>). Not sent where the API has none: the Responses API, and OpenAI's reasoning models.
    /// </summary>
    public List<string>? StopSequences { get; set; }

    /// <summary>
    /// An instruction to answer concisely, appended to the system prompt: <c>true</c> for the built-in one
    /// (<see cref="Controls.RequestControls.BuiltInConciseInstruction"/>), any other text for that text, <c>false</c> for none.
    /// </summary>
    public string? ConciseInstruction { get; set; }

    /// <summary>
    /// How many times a whole (non-stream) answer that fails the JSON Schema its request asks for (or its feature's
    /// <c>OutputSchema</c>) is asked for again before the last one is returned with <c>x-tollgate-valid: false</c>, 0 to
    /// <see cref="MaxValidationRetries"/>; every attempt is billed. Unset: <see cref="DefaultValidationRetries"/>.
    /// </summary>
    public int? ValidationRetries { get; set; }
}
