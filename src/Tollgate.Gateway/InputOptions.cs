namespace Tollgate.Gateway;

/// <summary>
/// How large a prompt may be (<c>Tollgate:Input</c> for every request, <c>Tollgate:Features:NAME:Input</c> for one
/// feature's, whose values replace the global ones they set). Read per request.
/// </summary>
public sealed class InputOptions
{
    /// <summary>The most prompt tokens a request may send (counted by Tollgate with the model's tokenizer); unset: no limit.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>What happens to a request over <see cref="MaxTokens"/>; unset: <see cref="InputOverLimit.Reject"/>.</summary>
    public InputOverLimit? OverLimit { get; set; }
}
