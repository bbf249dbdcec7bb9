using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.RateLimits;

/// <summary>
/// A gateway from a watched configuration file (<see cref="CachingGateway"/>) whose clock stands still until a test
/// moves it, so what a rate limit allows and the <c>retry-after</c> it answers are exact, however slow the machine.
/// </summary>
public class RateLimitedGateway : CachingGateway
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>A rate-limited gateway that starts with a limit of 2 requests a minute for each key.</summary>
public sealed class PerKeyRateLimitedGateway : RateLimitedGateway
{
    protected override string InitialSettings => "\"RateLimits\": [ { \"Scope\": \"key\", \"RequestsPerMinute\": 2 } ]";
}
