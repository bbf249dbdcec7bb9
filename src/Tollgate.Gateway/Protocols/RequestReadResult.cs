using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>What <see cref="RequestReader"/> found: the facts, or why the body is unacceptable.</summary>
/// <param name="Facts">The facts the levers need; default when the body is refused.</param>
/// <param name="Error">Why the body is refused, worded as the provider words it; null when it is accepted.</param>
/// <param name="Param">The field at fault (OpenAI's <c>param</c>), if any.</param>
/// <param name="Code">OpenAI's machine-readable <c>code</c> (<c>integer_below_min_value</c>, <c>invalid_type</c> …), if any.</param>
internal readonly record struct RequestReadResult(RequestFacts Facts, string? Error, string? Param, string? Code = null)
{
    public static RequestReadResult Ok(RequestFacts facts) => new(facts, null, null);

    public static RequestReadResult Fail(string error, string? param, string? code = null) => new(default, error, param, code);
}
