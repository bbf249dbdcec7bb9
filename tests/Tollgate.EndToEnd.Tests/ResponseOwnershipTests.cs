// The official SDK marks its Responses client experimental (OPENAI001); these tests drive it as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Stored responses belong to whoever created them: through the real HTTP surface, with the official SDK's Responses
/// client where it can make the call and raw HTTP where the exact answer is checked. Another team's key gets OpenAI's own
/// 404 on every route that names a response, and the provider never sees the call.
/// </summary>
public sealed class ResponseOwnershipTests(ResponseOwnershipFixture fixture) : IClassFixture<ResponseOwnershipFixture>
{
    private const string Model = "gpt-4o-mini";

    private (ResponsesClient Client, RequestIdCapture Ids) Client(string key) => Clients(fixture.Gateway, key);

    internal static (ResponsesClient Client, RequestIdCapture Ids) Clients(GatewayServer gateway, string key)
    {
        var ids = new RequestIdCapture();
        var options = new ResponsesClientOptions { Endpoint = new Uri(gateway.BaseAddress, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        options.AddPolicy(ids, PipelinePosition.PerCall);
        return (new ResponsesClient(new ApiKeyCredential(key), options), ids);
    }

    internal static CreateResponseOptions Ask(string text, bool stream = false) => new(Model, [ResponseItem.CreateUserMessageItem(text)]) { StreamingEnabled = stream };

    [Fact]
    public async Task Another_teams_key_gets_openais_404_on_every_route_naming_the_response_and_the_provider_sees_none_of_them()
    {
        var (alpha, _) = Client(fixture.AlphaOne);
        ResponseResult created = await alpha.CreateResponseAsync(Ask("Alpha's own notes."));
        var id = created.Id;
        var calls = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, $"v1/responses/{id}", null),
            (HttpMethod.Delete, $"v1/responses/{id}", null),
            (HttpMethod.Post, $"v1/responses/{id}/cancel", null),
            (HttpMethod.Get, $"v1/responses/{id}/input_items", null),
        };

        foreach (var (method, path, body) in calls)
        {
            var refused = await SendAsync(fixture.Gateway, fixture.BetaOne, method, path, body, team: "alpha");

            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            AssertOpenAIError(refused.Body, $"Response with id '{id}' not found.", param: null, code: null);
            Assert.Empty(await fixture.Simulator.GetRequestsAsync(refused.RequestId));
        }

        var continued = await SendAsync(fixture.Gateway, fixture.BetaOne, HttpMethod.Post, "v1/responses", $$"""{"model":"{{Model}}","input":"And then?","previous_response_id":"{{id}}"}""", team: "alpha");
        Assert.Equal(HttpStatusCode.NotFound, continued.Status);
        AssertOpenAIError(continued.Body, $"Previous response with id '{id}' not found.", "previous_response_id", "previous_response_not_found");
        Assert.Empty(await fixture.Simulator.GetRequestsAsync(continued.RequestId));
        var row = await fixture.Gateway.GetLedgerEntryAsync(continued.RequestId);
        Assert.Equal(404, row?.Status);
        Assert.Equal("response_not_found", row?.ErrorType);

        // Nothing of it was deleted or cancelled: its owner still has it.
        ResponseResult still = await alpha.GetResponseAsync(id);
        Assert.Equal(created.GetOutputText(), still.GetOutputText());
    }

    [Fact]
    public async Task Another_key_of_the_same_team_retrieves_lists_and_continues_the_response()
    {
        var (alpha, _) = Client(fixture.AlphaOne);
        var (teammate, _) = Client(fixture.AlphaTwo);
        ResponseResult created = await alpha.CreateResponseAsync(Ask("Team notes to share."));

        ResponseResult retrieved = await teammate.GetResponseAsync(created.Id);
        var items = new List<ResponseItem>();
        await foreach (var item in teammate.GetResponseInputItemsAsync(new ResponseItemCollectionOptions(created.Id)))
        {
            items.Add(item);
        }

        var next = Ask("Go on.");
        next.PreviousResponseId = created.Id;
        ResponseResult continued = await teammate.CreateResponseAsync(next);

        Assert.Equal(created.GetOutputText(), retrieved.GetOutputText());
        Assert.Equal("Team notes to share.", ((MessageResponseItem)Assert.Single(items)).Content[0].Text);
        Assert.Equal(created.Id, continued.PreviousResponseId);
    }

    [Fact]
    public async Task A_response_the_gateway_never_saw_is_refused_even_though_the_provider_has_it()
    {
        using var direct = await fixture.Simulator.Http.PostAsync("v1/responses", new StringContent($$"""{"model":"{{Model}}","input":"Made at the provider directly."}""", Encoding.UTF8, "application/json"));
        direct.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await direct.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var refused = await SendAsync(fixture.Gateway, fixture.AlphaOne, HttpMethod.Get, $"v1/responses/{id}", null);

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        AssertOpenAIError(refused.Body, $"Response with id '{id}' not found.", param: null, code: null);
        Assert.Empty(await fixture.Simulator.GetRequestsAsync(refused.RequestId));
    }

    [Fact]
    public async Task A_streamed_response_is_retrievable_the_moment_its_stream_ends()
    {
        var (alpha, _) = Client(fixture.AlphaOne);
        var (teammate, ids) = Client(fixture.AlphaTwo);
        string? id = null;
        await foreach (var update in await alpha.CreateResponseStreamingAsync(Ask("Stream me a line.", stream: true)))
        {
            if (update is StreamingResponseCreatedUpdate created)
            {
                id = created.Response.Id;
            }
        }

        Assert.NotNull(id);
        ResponseResult retrieved = await teammate.GetResponseAsync(id);
        Assert.Equal(id, retrieved.Id);
        Assert.Equal("/v1/responses/{id}", (await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!))?.Endpoint);
    }

    [Fact]
    public async Task A_deleted_response_is_forgotten_so_its_owner_gets_404_from_the_gateway_itself()
    {
        var (alpha, _) = Client(fixture.AlphaOne);
        ResponseResult created = await alpha.CreateResponseAsync(Ask("Delete me afterwards."));
        ResponseDeletionResult deleted = await alpha.DeleteResponseAsync(created.Id);

        var after = await SendAsync(fixture.Gateway, fixture.AlphaOne, HttpMethod.Get, $"v1/responses/{created.Id}", null);

        Assert.True(deleted.Deleted);
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        AssertOpenAIError(after.Body, $"Response with id '{created.Id}' not found.", param: null, code: null);
        Assert.Empty(await fixture.Simulator.GetRequestsAsync(after.RequestId)); // the gateway forgot it: no call to ask
    }

    [Fact]
    public async Task Every_call_on_a_stored_response_is_recorded_under_its_routes_template_not_its_id()
    {
        var (alpha, ids) = Client(fixture.AlphaOne);
        ResponseResult created = await alpha.CreateResponseAsync(Ask("Group my calls by route."));
        var endpoints = new List<string?>();
        await alpha.GetResponseAsync(created.Id);
        endpoints.Add((await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!))?.Endpoint);
        await foreach (var _ in alpha.GetResponseInputItemsAsync(new ResponseItemCollectionOptions(created.Id)))
        {
        }

        endpoints.Add((await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!))?.Endpoint);
        await alpha.DeleteResponseAsync(created.Id);
        endpoints.Add((await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!))?.Endpoint);

        Assert.Equal(["/v1/responses/{id}", "/v1/responses/{id}/input_items", "/v1/responses/{id}"], endpoints);
    }

    internal static async Task<(HttpStatusCode Status, string Body, string RequestId)> SendAsync(GatewayServer gateway, string? key, HttpMethod method, string path, string? json, string? team = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (team is not null)
        {
            request.Headers.Add("x-tollgate-team", team);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await gateway.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.GetValues("x-tollgate-request-id").Single());
    }

    internal static void AssertOpenAIError(string body, string message, string? param, string? code)
    {
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }
}
