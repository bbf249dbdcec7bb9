namespace Tollgate.Gateway;

/// <summary>What the gateway does with a request whose prompt is over the input limit (<see cref="InputOptions.MaxTokens"/>).</summary>
public enum InputOverLimit
{
    /// <summary>Refuses it with 400, as the provider refuses a prompt over the model's context length.</summary>
    Reject,

    /// <summary>
    /// Drops the oldest conversation turns (never the system prompt, never the last user turn, a tool call always with
    /// its result) until it fits; refuses it as <see cref="Reject"/> does when even that is not enough.
    /// </summary>
    Trim,
}
