using System.Text.Json;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Responses;

/// <summary>
/// The other routes of the Responses API pass through to the same provider: the method, the path with its id, the
/// query of the GET routes and any body reach it as sent, the answer comes back untouched, and each call is a ledger
/// row attributed like any call (its endpoint the route's template), costing nothing. An id that is not a plain provider id is refused, never forwarded.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ResponsesSubRouteTests(GoldenGatewayFixture fixture)
{
    private const string Id = "resp_68a2b7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f";

    [Theory]
    [InlineData("GET", "v1/responses/" + Id, "/v1/responses/" + Id, "responses/response.json")]
    [InlineData("GET", "v1/responses/" + Id + "?include[]=message.output_text.logprobs&include[]=reasoning.encrypted_content", "/v1/responses/" + Id + "?include[]=message.output_text.logprobs&include[]=reasoning.encrypted_content", "responses/response.json")]
    [InlineData("DELETE", "v1/responses/" + Id, "/v1/responses/" + Id, "responses/response-deleted.json")]
    [InlineData("POST", "v1/responses/" + Id + "/cancel", "/v1/responses/" + Id + "/cancel", "responses/response-queued.json")]
    [InlineData("GET", "v1/responses/" + Id + "/input_items?after=msg_abc&limit=20&order=asc", "/v1/responses/" + Id + "/input_items?after=msg_abc&limit=20&order=asc", "responses/input-items.json")]
    public async Task Sub_route_reaches_the_provider_as_sent_and_is_a_free_attributed_row(string method, string path, string upstreamPath, string golden)
    {
        fixture.Upstream.Serve(new GoldenResponse(golden));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("x-tollgate-feature", "contracts");
        request.Headers.Add("x-tollgate-user", "ana@example.com");
        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var requestId = GatewayCalls.Headers(response)["x-tollgate-request-id"];
        var upstream = fixture.Upstream.ReceivedFor(requestId);
        var entry = await fixture.LedgerEntryAsync(requestId);

        Assert.Equal(200, (int)response.StatusCode);
        RelayAssert.SameBytes(GoldenFiles.Read(golden), body);
        Assert.NotNull(upstream);
        Assert.Equal(method, upstream.Method);
        Assert.Equal(upstreamPath, upstream.Path);
        Assert.Equal(string.Empty, upstream.Body);
        Assert.Equal("Bearer sk-golden-openai", upstream.Header("Authorization"));
        Assert.Equal(path.Split('?')[0].Replace(Id, "{id}", StringComparison.Ordinal).Insert(0, "/"), entry.Endpoint); // the route, not the id
        Assert.Equal("openai", entry.Provider);
        Assert.Equal("contracts", entry.Feature);
        Assert.Equal("ana@example.com", entry.User);
        Assert.Equal(200, entry.Status);
        Assert.Equal(0m, entry.CostUsd);
        Assert.Equal(0, entry.InputTokens); // a retrieved response's usage was billed to the call that created it
        Assert.Equal(0, entry.OutputTokens);
        Assert.Equal("0", GatewayCalls.Headers(response)["x-tollgate-cost-usd"]);
    }

    [Fact]
    public async Task Input_token_count_reaches_the_provider_with_its_body_and_costs_nothing()
    {
        var json = """{"model":"gpt-5-mini","input":"Wie viele Tokens sind das?"}""";
        var call = await fixture.CallAsync(new GoldenResponse("responses/input-tokens.json"), "v1/responses/input_tokens", json);
        var upstream = fixture.Upstream.ReceivedFor(call.RequestId);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        RelayAssert.SameBytes(GoldenFiles.Read("responses/input-tokens.json"), call.Body);
        Assert.Equal("POST", upstream?.Method);
        Assert.Equal("/v1/responses/input_tokens", upstream?.Path);
        Assert.Equal(json, upstream?.Body);
        Assert.Equal("/v1/responses/input_tokens", entry.Endpoint);
        Assert.Equal(0m, entry.CostUsd);
    }

    [Fact]
    public async Task Retrieval_with_stream_true_is_relayed_event_by_event_and_bills_nothing()
    {
        fixture.Upstream.Serve(new GoldenResponse("responses/response-stream.sse"));
        using var response = await fixture.Http.GetAsync("v1/responses/" + Id + "?stream=true&starting_after=3", HttpCompletionOption.ResponseHeadersRead);
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal("/v1/responses/" + Id + "?stream=true&starting_after=3", fixture.Upstream.ReceivedFor(call.RequestId)?.Path);
        RelayAssert.SameBytes(ResponsesStreams.WithCostComment(GoldenFiles.Read("responses/response-stream.sse"), 0m), call.Body);
        Assert.True(entry.Stream);
        Assert.Equal(0m, entry.CostUsd);
    }

    [Fact]
    public async Task Provider_404_for_an_unknown_id_comes_back_unchanged()
    {
        fixture.Upstream.Serve(new GoldenResponse("responses/error-404-not-found.json", 404));
        using var response = await fixture.Http.GetAsync("v1/responses/resp_68a2ffffffffffffffffffffffffffffffffffffffffffff");
        var body = await response.Content.ReadAsByteArrayAsync();
        var entry = await fixture.LedgerEntryAsync(GatewayCalls.Headers(response)["x-tollgate-request-id"]);

        Assert.Equal(404, (int)response.StatusCode);
        RelayAssert.SameBytes(GoldenFiles.Read("responses/error-404-not-found.json"), body);
        Assert.Equal(404, entry.Status);
        Assert.Equal(0m, entry.CostUsd);
    }

    [Theory]
    [InlineData("GET", "v1/responses/resp.68a2")]
    [InlineData("GET", "v1/responses/resp%2068a2")]
    [InlineData("DELETE", "v1/responses/resp_a%2Fb")]
    [InlineData("POST", "v1/responses/resp_%2F..%2Fmodels/cancel")]
    [InlineData("GET", "v1/responses/resp_%3Fx=1/input_items")]
    public async Task A_malformed_id_gets_openais_400_and_is_never_forwarded(string method, string path)
    {
        fixture.Upstream.Serve(new GoldenResponse("responses/response.json"));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var requestId = GatewayCalls.Headers(response)["x-tollgate-request-id"];

        Assert.True((int)response.StatusCode == 400, $"expected 400, got {(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("response_id", error.GetProperty("param").GetString());
        Assert.Null(fixture.Upstream.ReceivedFor(requestId));
    }

    [Fact]
    public async Task An_id_longer_than_any_provider_id_is_refused()
    {
        using var response = await fixture.Http.GetAsync("v1/responses/resp_" + new string('a', 200));

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("PUT", "v1/responses/" + Id)]
    [InlineData("POST", "v1/responses/" + Id)]
    [InlineData("GET", "v1/responses/" + Id + "/cancel")]
    [InlineData("DELETE", "v1/responses/" + Id + "/input_items")]
    [InlineData("GET", "v1/responses")]
    public async Task A_known_path_with_the_wrong_method_gets_405_in_openais_shape(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == 405, $"expected 405, got {(int)response.StatusCode}: {text}");
        Assert.Equal("invalid_request_error", JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("GET", "v1/responses/" + Id + "/input_items/extra")]
    [InlineData("POST", "v1/responses/" + Id + "/resume")]
    [InlineData("POST", "v1/responses/input_tokens/count")]
    public async Task An_unknown_path_under_responses_gets_404_in_openais_shape(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == 404, $"expected 404, got {(int)response.StatusCode}: {text}");
        Assert.Equal("invalid_request_error", JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
