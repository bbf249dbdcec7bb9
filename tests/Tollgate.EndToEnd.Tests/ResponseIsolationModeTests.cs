// The official SDK marks its Responses client experimental (OPENAI001); these tests drive it as it ships.
#pragma warning disable OPENAI001

using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// The other two settings of <c>Tollgate:Responses:Isolation</c>: <c>Key</c> holds a response to the key that created
/// it, whatever the team; <c>None</c> (a single tenant) lets every caller reach every response, also one the gateway
/// never saw.
/// </summary>
public sealed class ResponseIsolationModeTests
{
    private const string AdminKey = "admin-secret-for-isolation";

    [Fact]
    public async Task In_key_mode_only_the_creating_key_reaches_the_response_not_a_teammate()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await StartAsync(simulator, "Key");
        var creator = await gateway.CreateKeyAsync("alpha-one", team: "alpha");
        var teammate = await gateway.CreateKeyAsync("alpha-two", team: "alpha");
        var (client, _) = ResponseOwnershipTests.Clients(gateway, creator);
        ResponseResult created = await client.CreateResponseAsync(ResponseOwnershipTests.Ask("Mine alone."));

        var own = await ResponseOwnershipTests.SendAsync(gateway, creator, HttpMethod.Get, $"v1/responses/{created.Id}", null);
        var other = await ResponseOwnershipTests.SendAsync(gateway, teammate, HttpMethod.Get, $"v1/responses/{created.Id}", null);

        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        ResponseOwnershipTests.AssertOpenAIError(other.Body, $"Response with id '{created.Id}' not found.", param: null, code: null);
        Assert.Empty(await simulator.GetRequestsAsync(other.RequestId));
    }

    [Fact]
    public async Task In_none_mode_another_team_and_an_id_the_gateway_never_saw_both_reach_the_provider()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await StartAsync(simulator, "None");
        var alpha = await gateway.CreateKeyAsync("alpha-one", team: "alpha");
        var beta = await gateway.CreateKeyAsync("beta-one", team: "beta");
        var (client, _) = ResponseOwnershipTests.Clients(gateway, alpha);
        ResponseResult created = await client.CreateResponseAsync(ResponseOwnershipTests.Ask("Shared by all."));
        using var direct = await simulator.Http.PostAsync("v1/responses", new StringContent("""{"model":"gpt-4o-mini","input":"Made at the provider."}""", Encoding.UTF8, "application/json"));
        var unseen = JsonDocument.Parse(await direct.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var otherTeam = await ResponseOwnershipTests.SendAsync(gateway, beta, HttpMethod.Get, $"v1/responses/{created.Id}", null);
        var neverSeen = await ResponseOwnershipTests.SendAsync(gateway, beta, HttpMethod.Get, $"v1/responses/{unseen}", null);

        Assert.Equal(HttpStatusCode.OK, otherTeam.Status);
        Assert.Equal(HttpStatusCode.OK, neverSeen.Status);
        Assert.Equal(unseen, JsonDocument.Parse(neverSeen.Body).RootElement.GetProperty("id").GetString());
    }

    private static Task<GatewayServer> StartAsync(SimulatorServer simulator, string isolation) =>
        GatewayServer.StartAsync(simulator, new GatewayServerOptions
        {
            AdminKey = AdminKey,
            Environment = { ["Tollgate__Responses__Isolation"] = isolation },
        });
}
