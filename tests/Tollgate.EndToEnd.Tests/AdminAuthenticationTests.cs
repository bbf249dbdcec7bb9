using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// With <c>TOLLGATE_ADMIN_KEY</c> set, the admin routes that change or reveal something answer 401 (OpenAI's
/// error shape, code <c>invalid_api_key</c>) to a caller without the admin key, and change or reveal nothing;
/// the same call with the admin key works, so the refusal is the guard's and not a broken route.
/// </summary>
public sealed class AdminAuthenticationTests(KeyedGatewayFixture fixture) : IClassFixture<KeyedGatewayFixture>
{
    private const string WrongAdminKey = "Missing or wrong admin key: send 'Authorization: Bearer $TOLLGATE_ADMIN_KEY'.";

    private GatewayServer Gateway => fixture.Gateway;

    /// <summary>No credential, a wrong admin key, and a valid virtual key (which opens provider routes, not admin ones).</summary>
    private string?[] Intruders => [null, "not-the-admin-key", fixture.PlainKey];

    [Fact]
    public async Task Creating_a_key_without_the_admin_key_is_refused_and_creates_nothing()
    {
        foreach (var bearer in Intruders)
        {
            using var response = await SendAsync(HttpMethod.Post, "admin/keys", bearer, """{"name":"intruder-key","team":"elsewhere"}""");

            await AssertRefusedAsync(response, bearer);
        }

        Assert.DoesNotContain(await ListKeysAsync(), key => key.GetProperty("name").GetString() == "intruder-key");
        using var allowed = await SendAsync(HttpMethod.Post, "admin/keys", KeyedGatewayFixture.AdminKey, """{"name":"admin-made-key"}""");
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Contains(await ListKeysAsync(), key => key.GetProperty("name").GetString() == "admin-made-key");
        AssertNothingUnhandledWasLogged();
    }

    [Fact]
    public async Task Revoking_a_key_without_the_admin_key_is_refused_and_the_key_keeps_working()
    {
        var secret = await Gateway.CreateKeyAsync("revoke-target");
        var id = (await ListKeysAsync()).Single(key => key.GetProperty("name").GetString() == "revoke-target").GetProperty("id").GetString()!;

        foreach (var bearer in Intruders)
        {
            using var response = await SendAsync(HttpMethod.Delete, "admin/keys/" + id, bearer);

            await AssertRefusedAsync(response, bearer);
        }

        var kept = (await ListKeysAsync()).Single(key => key.GetProperty("id").GetString() == id);
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("revoked_at").ValueKind);
        using (var call = await CallAsync(secret))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }

        using var allowed = await SendAsync(HttpMethod.Delete, "admin/keys/" + id, KeyedGatewayFixture.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        AssertNothingUnhandledWasLogged();
    }

    [Fact]
    public async Task Reading_a_ledger_row_without_the_admin_key_is_refused_and_reveals_nothing()
    {
        string requestId;
        using (var call = await CallAsync(fixture.AttributedKey))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
            requestId = Wire.Header(call, "x-tollgate-request-id");
        }

        foreach (var bearer in Intruders)
        {
            using var response = await SendAsync(HttpMethod.Get, "admin/requests/" + requestId, bearer);

            var body = await AssertRefusedAsync(response, bearer);
            foreach (var revealing in new[] { requestId, "search-service", "key-user", "gpt-4o-mini", "input_tokens" })
            {
                Assert.DoesNotContain(revealing, body, StringComparison.Ordinal);
            }
        }

        using var allowed = await SendAsync(HttpMethod.Get, "admin/requests/" + requestId, KeyedGatewayFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("search-service", Wire.Parse(await allowed.Content.ReadAsStringAsync()).GetProperty("key_name").GetString());
        AssertNothingUnhandledWasLogged();
    }

    /// <summary>A refused caller must not be able to put an exception (or its stack trace) in the gateway's log.</summary>
    private void AssertNothingUnhandledWasLogged()
    {
        var output = Gateway.Output;
        Assert.DoesNotContain("Headers are read-only", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task<string> AssertRefusedAsync(HttpResponseMessage response, string? bearer)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"with bearer '{bearer}': {(int)response.StatusCode} {body}");
        var error = Wire.Parse(body).GetProperty("error");
        Assert.Equal(WrongAdminKey, error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        return body;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = Wire.Json(body);
        }

        return await Gateway.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> CallAsync(string key)
    {
        using var request = Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"private business"}]}""");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await Gateway.Http.SendAsync(request);
    }

    private async Task<JsonElement[]> ListKeysAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "admin/keys", KeyedGatewayFixture.AdminKey);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return [.. Wire.Parse(body).EnumerateArray()];
    }
}
