using Tollgate.Core.Responses;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Responses;

/// <summary>
/// An OpenAI base URL with a query of its own (Azure's <c>api-version</c>) keeps it on the Responses API's routes, and
/// a GET route's client query follows it.
/// </summary>
public sealed class ResponsesBaseQueryTests
{
    private const string Id = "resp_68a2b7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f";

    [Theory]
    [InlineData("v1/responses/" + Id, "/v1/responses/" + Id + "?api-version=preview")]
    [InlineData("v1/responses/" + Id + "?include[]=reasoning.encrypted_content", "/v1/responses/" + Id + "?api-version=preview&include[]=reasoning.encrypted_content")]
    [InlineData("v1/responses/" + Id + "/input_items?limit=5", "/v1/responses/" + Id + "/input_items?api-version=preview&limit=5")]
    public async Task The_base_urls_query_comes_first_and_the_clients_after_it(string path, string upstreamPath)
    {
        await using var upstream = await GoldenUpstream.StartAsync();
        upstream.Serve(new GoldenResponse("responses/response.json"));
        await using var gateway = await InProcessGateway.StartAsync(options =>
        {
            options.OpenAI = new ProviderOptions { ApiKey = "sk-test", BaseUrl = upstream.OpenAIBaseUrl + "?api-version=preview" };
            options.Responses.Isolation = ResponseIsolation.None; // the id is the golden answer's, never created through this gateway
        });

        using var response = await gateway.Http.GetAsync(path);
        var requestId = GatewayCalls.Headers(response)["x-tollgate-request-id"];

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(upstreamPath, upstream.ReceivedFor(requestId)?.Path);
    }

    [Fact]
    public async Task The_create_route_keeps_the_base_urls_query()
    {
        await using var upstream = await GoldenUpstream.StartAsync();
        upstream.Serve(new GoldenResponse("responses/response.json"));
        await using var gateway = await InProcessGateway.StartAsync(options => options.OpenAI = new ProviderOptions { ApiKey = "sk-test", BaseUrl = upstream.OpenAIBaseUrl + "?api-version=preview" });

        using var response = await GatewayCalls.SendAsync(gateway.Http, "v1/responses", """{"model":"gpt-5-mini","input":"hi"}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("/v1/responses?api-version=preview", upstream.ReceivedFor(GatewayCalls.Headers(response)["x-tollgate-request-id"])?.Path);
    }
}
