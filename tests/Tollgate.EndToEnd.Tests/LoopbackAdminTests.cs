using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>/admin</c> with no <c>TOLLGATE_ADMIN_KEY</c>: loopback callers are served, anyone else is refused. Every
/// 127.0.0.0/8 address counts as loopback to the gateway, so a caller bound to 127.0.0.2 would be served too; the
/// non-loopback caller here comes over a Unix socket, which carries no IP address at all.
/// </summary>
[Collection(BuiltInSimulatorCollection.Name)]
public sealed class LoopbackAdminTests(BuiltInSimulatorGatewayFixture fixture)
{
    private const string LoopbackOnly = "Admin routes serve only loopback callers until TOLLGATE_ADMIN_KEY is set.";

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task Without_an_admin_key_loopback_callers_are_served_on_every_admin_route()
    {
        var requestId = await CallAsync(Gateway.Http);
        var loopbacks = new List<(string Name, Uri Address)> { ("ipv4", Gateway.BaseAddress) };
        if (fixture.IPv6Address is { } ipv6)
        {
            loopbacks.Add(("ipv6", ipv6));
        }

        foreach (var (name, address) in loopbacks)
        {
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            var keyName = "made-over-" + name;

            using var spend = await http.GetAsync("admin/spend?group_by=model");
            using var pricing = await http.GetAsync("admin/pricing");
            using var row = await http.GetAsync("admin/requests/" + requestId);
            using var created = await http.PostAsync("admin/keys", Wire.Json($$"""{"name":"{{keyName}}"}"""));
            using var listed = await http.GetAsync("admin/keys");
            using var revoked = await http.DeleteAsync("admin/keys/" + keyName);

            foreach (var (response, status) in new[] { (spend, HttpStatusCode.OK), (pricing, HttpStatusCode.OK), (row, HttpStatusCode.OK), (created, HttpStatusCode.Created), (listed, HttpStatusCode.OK), (revoked, HttpStatusCode.NoContent) })
            {
                Assert.True(response.StatusCode == status, $"over {name}, {response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            Assert.Equal(JsonValueKind.Array, Wire.Parse(await spend.Content.ReadAsStringAsync()).GetProperty("rows").ValueKind);
            Assert.Equal(JsonValueKind.Array, Wire.Parse(await pricing.Content.ReadAsStringAsync()).GetProperty("models").ValueKind);
            Assert.Equal(requestId, Wire.Parse(await row.Content.ReadAsStringAsync()).GetProperty("request_id").GetString());
            Assert.StartsWith("tg-", Wire.Parse(await created.Content.ReadAsStringAsync()).GetProperty("key").GetString(), StringComparison.Ordinal);
            Assert.Contains(keyName, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_an_admin_key_a_caller_that_is_not_on_loopback_is_refused_and_changes_nothing()
    {
        using var remote = UnixSocketHttp.Create(fixture.SocketPath);
        var requestId = await CallAsync(remote);
        var keyId = (await ListKeysAsync()).Single(key => key.GetProperty("name").GetString() == "local-service").GetProperty("id").GetString()!;

        using var spend = await remote.GetAsync("admin/spend?group_by=model");
        using var pricing = await remote.GetAsync("admin/pricing");
        using var row = await remote.GetAsync("admin/requests/" + requestId);
        using var list = await remote.GetAsync("admin/keys");
        using var create = await remote.PostAsync("admin/keys", Wire.Json("""{"name":"made-from-afar"}"""));
        using var revoke = await remote.DeleteAsync("admin/keys/" + keyId);

        foreach (var response in new[] { spend, pricing, row, list, create, revoke })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} answered {(int)response.StatusCode}: {body}");
            var error = Wire.Parse(body).GetProperty("error");
            Assert.Equal(LoopbackOnly, error.GetProperty("message").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
            Assert.DoesNotContain(requestId, body, StringComparison.Ordinal);
        }

        var keys = await ListKeysAsync();
        Assert.DoesNotContain(keys, key => key.GetProperty("name").GetString() == "made-from-afar");
        var kept = Assert.Single(keys, key => key.GetProperty("id").GetString() == keyId);
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("revoked_at").ValueKind);
        await CallAsync(Gateway.Http); // the key still opens the gateway
    }

    /// <summary>A chat call made with the fixture's key; returns its request id.</summary>
    private async Task<string> CallAsync(HttpClient http)
    {
        using var request = Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"who may read my row?"}]}""");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Key);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return Wire.Header(response, "x-tollgate-request-id");
    }

    private async Task<JsonElement[]> ListKeysAsync()
    {
        using var response = await Gateway.Http.GetAsync("admin/keys");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return [.. Wire.Parse(body).EnumerateArray()];
    }
}
