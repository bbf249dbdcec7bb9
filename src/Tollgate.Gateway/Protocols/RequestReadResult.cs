using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>What <see cref="RequestReader"/> found: the facts, or why the body is unacceptable.</summary>
internal readonly record struct RequestReadResult(RequestFacts Facts, string? Error, string? Param)
{
    public static RequestReadResult Ok(RequestFacts facts) => new(facts, null, null);

    public static RequestReadResult Fail(string error, string? param) => new(default, error, param);
}
