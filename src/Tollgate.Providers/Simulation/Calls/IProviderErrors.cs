using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>How one provider tags its responses and words its errors; the calls of every route of that provider share it.</summary>
internal interface IProviderErrors
{
    /// <summary>The response header that carries a fresh request id (<c>x-request-id</c>, <c>request-id</c>).</summary>
    string RequestIdHeader { get; }

    /// <summary>The largest request body the provider's API accepts on these routes, in bytes.</summary>
    long MaxRequestBodyBytes { get; }

    /// <summary>Answers a body over <see cref="MaxRequestBodyBytes"/> (<paramref name="bodyBytes"/> long) with the provider's 413.</summary>
    Task RequestTooLargeAsync(HttpResponse response, long bodyBytes, CancellationToken cancellationToken);

    /// <summary>Answers a body that is not JSON.</summary>
    Task MalformedJsonAsync(HttpResponse response, CancellationToken cancellationToken);

    /// <summary>
    /// Answers a body whose JSON holds text with no UTF-8 form (invalid bytes, an unpaired surrogate escape), which the
    /// providers' strict parsers refuse as they refuse malformed JSON; <paramref name="fault"/> says where.
    /// </summary>
    Task UnsoundTextAsync(HttpResponse response, string fault, CancellationToken cancellationToken);

    /// <summary>Answers a request that fails validation with 400.</summary>
    Task InvalidRequestAsync(HttpResponse response, RequestProblem problem, CancellationToken cancellationToken);

    /// <summary>Answers an injected 429, 500 or 529 for a call to <paramref name="model"/>.</summary>
    Task FaultAsync(HttpResponse response, SimulatedFault fault, string model, int retryAfterSeconds, CancellationToken cancellationToken);
}
