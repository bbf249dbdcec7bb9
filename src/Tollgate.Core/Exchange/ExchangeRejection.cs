namespace Tollgate.Core.Exchange;

/// <summary>An error decided by Tollgate itself (not the provider), written in the protocol's error format.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="ErrorType">Protocol error type, e.g. <c>authentication_error</c>.</param>
/// <param name="Message">Human-readable message; never contains a secret.</param>
public sealed record ExchangeRejection(int Status, string ErrorType, string Message)
{
    /// <summary>Headers sent with the error, e.g. <c>retry-after</c> with a 429.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The request field at fault, for the OpenAI error's <c>param</c>; null when none is.</summary>
    public string? Param { get; init; }

    /// <summary>OpenAI's machine-readable <c>code</c> (<c>integer_below_min_value</c>, <c>invalid_type</c> …); null when none applies.</summary>
    public string? Code { get; init; }

    /// <summary>
    /// Why, in one word for logs and metrics (<c>missing_key</c>, <c>invalid_key</c> …); never sent to the client.
    /// Null when <see cref="ErrorType"/> says enough.
    /// </summary>
    public string? Reason { get; init; }
}
