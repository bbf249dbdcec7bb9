using System.Net;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// Fallback chains set on a running <c>tollgate serve</c> through the admin API: a cycle is refused with 400 naming the
/// setting, and nothing changes; a chain that is accepted applies to the next call.
/// </summary>
public sealed class FallbackAdminTests
{
    [Fact]
    public async Task A_cycle_is_refused_and_an_accepted_chain_applies_to_the_next_call()
    {
        await using var simulator = await SimulatorServer.StartAsync("--record-bodies");
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions
        {
            Environment = { ["Tollgate__Resilience__MaxRetries"] = "0" },
        });
        const string body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello. [[fault:500@gpt-4o]]"}]}""";

        using var cycle = await gateway.Http.PutAsync("admin/config/Fallbacks", Wire.Json("""{"gpt-4o":["gpt-4o-mini"],"gpt-4o-mini":["gpt-4o"]}"""));
        var refusal = await cycle.Content.ReadAsStringAsync();
        using var before = await gateway.Http.SendAsync(Wire.Post("v1/chat/completions", body));

        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Contains("Fallbacks:gpt-4o makes a cycle: gpt-4o → gpt-4o-mini → gpt-4o.", refusal, StringComparison.Ordinal);
        Assert.Equal(500, (int)before.StatusCode); // no chain: the provider's error, as it came

        using var chain = await gateway.Http.PutAsync("admin/config/Fallbacks", Wire.Json("""{"gpt-4o":["gpt-4o-mini"]}"""));
        Assert.True(chain.IsSuccessStatusCode, await chain.Content.ReadAsStringAsync());
        using var after = await gateway.Http.SendAsync(Wire.Post("v1/chat/completions", body));
        var requestId = Wire.Header(after, "x-tollgate-request-id");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("gpt-4o-mini", Wire.Header(after, "x-tollgate-model"));
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], (await simulator.GetRequestsAsync(requestId)).Select(request => request.Model));
    }
}
