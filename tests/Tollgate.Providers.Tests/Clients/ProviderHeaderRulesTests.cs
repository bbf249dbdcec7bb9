using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;
using Tollgate.Providers.Clients;

namespace Tollgate.Providers.Tests.Clients;

/// <summary>
/// Which headers cross the gateway: towards the provider, its key (never the client's credential), the organization and
/// project configured beside it, and the protocol headers a client may set; back to the client, every provider header
/// but the hop-by-hop ones and those naming the provider account.
/// </summary>
public sealed class ProviderHeaderRulesTests
{
    private static HttpRequestMessage Forward(ProviderEndpoint endpoint, Action<IHeaderDictionary> clientHeaders)
    {
        // As the gateway does it: captured at the edge for the client's protocol, applied by the provider client.
        var client = new DefaultHttpContext();
        clientHeaders(client.Request.Headers);
        var forwarded = ProviderHeaders.CaptureForwarded(endpoint.Protocol, client.Request.Headers);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint.UriFor(ExchangeOperation.ChatCompletions));
        ProviderHeaders.ApplyToRequest(request, endpoint, forwarded, "req_123");
        return request;
    }

    private static string[] Values(HttpRequestHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? [.. values] : [];

    [Fact]
    public void OpenAI_calls_carry_the_provider_key_as_a_bearer_token_and_never_the_clients()
    {
        var endpoint = new ProviderEndpoint("openai", WireProtocol.OpenAI, new Uri("https://api.openai.com/v1"), "sk-provider");

        var request = Forward(endpoint, headers =>
        {
            headers.Authorization = "Bearer tg-client-key";
            headers["x-api-key"] = "tg-client-key";
            headers.Cookie = "session=abc";
        });

        Assert.Equal(["Bearer sk-provider"], Values(request.Headers, "Authorization"));
        Assert.Empty(Values(request.Headers, "x-api-key"));
        Assert.Empty(Values(request.Headers, "api-key"));
        Assert.Empty(Values(request.Headers, "Cookie"));
    }

    [Fact]
    public void Azure_calls_carry_the_provider_key_in_api_key()
    {
        var endpoint = new ProviderEndpoint("azure", WireProtocol.OpenAI, new Uri("https://acme.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21"), "azure-key");

        var request = Forward(endpoint, headers => headers.Authorization = "Bearer tg-client-key");

        Assert.Equal(["azure-key"], Values(request.Headers, "api-key"));
        Assert.Empty(Values(request.Headers, "Authorization"));
    }

    [Fact]
    public void Anthropic_calls_carry_the_provider_key_in_x_api_key_and_never_the_clients()
    {
        var endpoint = new ProviderEndpoint("anthropic", WireProtocol.Anthropic, new Uri("https://api.anthropic.com"), "sk-ant-provider");

        var request = Forward(endpoint, headers =>
        {
            headers["x-api-key"] = "tg-client-key";
            headers.Authorization = "Bearer tg-client-key";
        });

        Assert.Equal(["sk-ant-provider"], Values(request.Headers, "x-api-key"));
        Assert.Empty(Values(request.Headers, "Authorization"));
    }

    [Fact]
    public void A_provider_without_a_key_gets_no_credential_at_all()
    {
        var openai = Forward(new ProviderEndpoint("simulated", WireProtocol.OpenAI, new Uri("http://127.0.0.1:9/v1"), null), headers => headers.Authorization = "Bearer tg-client-key");
        var anthropic = Forward(new ProviderEndpoint("simulated", WireProtocol.Anthropic, new Uri("http://127.0.0.1:9"), null), headers => headers["x-api-key"] = "tg-client-key");

        Assert.Empty(Values(openai.Headers, "Authorization"));
        Assert.Empty(Values(anthropic.Headers, "x-api-key"));
    }

    [Fact]
    public void The_clients_anthropic_version_is_kept_and_a_missing_one_is_filled_in()
    {
        var endpoint = new ProviderEndpoint("anthropic", WireProtocol.Anthropic, new Uri("https://api.anthropic.com"), "sk-ant-provider");

        var given = Forward(endpoint, headers => headers["anthropic-version"] = "2023-01-01");
        var missing = Forward(endpoint, _ => { });

        Assert.Equal(["2023-01-01"], Values(given.Headers, "anthropic-version"));
        Assert.Equal(["2023-06-01"], Values(missing.Headers, "anthropic-version"));
    }

    [Theory]
    [InlineData("OpenAI-Beta", "assistants=v2")]
    [InlineData("Idempotency-Key", "idem-1")]
    public void OpenAI_protocol_headers_reach_the_provider(string name, string value)
    {
        var endpoint = new ProviderEndpoint("openai", WireProtocol.OpenAI, new Uri("https://api.openai.com/v1"), "sk-provider");

        var request = Forward(endpoint, headers => headers[name] = value);

        Assert.Equal([value], Values(request.Headers, name));
    }

    [Fact]
    public void The_clients_organization_and_project_never_reach_the_provider()
    {
        var endpoint = new ProviderEndpoint("openai", WireProtocol.OpenAI, new Uri("https://api.openai.com/v1"), "sk-provider");

        var request = Forward(endpoint, headers =>
        {
            headers["OpenAI-Organization"] = "org-client";
            headers["OpenAI-Project"] = "proj-client";
        });

        Assert.Empty(Values(request.Headers, "OpenAI-Organization"));
        Assert.Empty(Values(request.Headers, "OpenAI-Project"));
    }

    [Fact]
    public void The_configured_organization_and_project_replace_the_clients()
    {
        var endpoint = new ProviderEndpoint("openai", WireProtocol.OpenAI, new Uri("https://api.openai.com/v1"), "sk-provider", "org-server", "proj-server");

        var request = Forward(endpoint, headers =>
        {
            headers["OpenAI-Organization"] = "org-client";
            headers["OpenAI-Project"] = "proj-client";
        });

        Assert.Equal(["org-server"], Values(request.Headers, "OpenAI-Organization"));
        Assert.Equal(["proj-server"], Values(request.Headers, "OpenAI-Project"));
    }

    [Theory]
    [InlineData("openai-organization", "org-operator")]
    [InlineData("openai-project", "proj_operator")]
    [InlineData("anthropic-organization-id", "8c4e6f0a-operator")]
    public void Headers_naming_the_providers_account_stay_with_the_provider(string name, string value)
    {
        using var upstream = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        Assert.True(upstream.Headers.TryAddWithoutValidation(name, value));
        var client = new DefaultHttpContext().Response;

        ProviderHeaders.CopyToResponse(upstream, client.Headers);

        Assert.False(client.Headers.ContainsKey(name));
    }

    [Theory]
    [InlineData("anthropic-beta", "prompt-caching-2024-07-31")]
    [InlineData("Idempotency-Key", "idem-1")]
    public void Anthropic_protocol_headers_reach_the_provider(string name, string value)
    {
        var endpoint = new ProviderEndpoint("anthropic", WireProtocol.Anthropic, new Uri("https://api.anthropic.com"), "sk-ant-provider");

        var request = Forward(endpoint, headers => headers[name] = value);

        Assert.Equal([value], Values(request.Headers, name));
    }

    [Fact]
    public void The_accept_header_and_the_request_id_reach_the_provider()
    {
        var endpoint = new ProviderEndpoint("openai", WireProtocol.OpenAI, new Uri("https://api.openai.com/v1"), "sk-provider");

        var request = Forward(endpoint, headers => headers.Accept = "text/event-stream");

        Assert.Equal(["text/event-stream"], Values(request.Headers, "Accept"));
        Assert.Equal(["req_123"], Values(request.Headers, "x-tollgate-request-id"));
    }

    [Fact]
    public void Provider_headers_reach_the_client_with_every_value()
    {
        using var upstream = new HttpResponseMessage { Content = new ByteArrayContent([1, 2, 3]) };
        upstream.Headers.TryAddWithoutValidation("x-request-id", "req_provider");
        upstream.Headers.TryAddWithoutValidation("retry-after", "20");
        upstream.Headers.TryAddWithoutValidation("x-ratelimit-note", ["a", "b"]);
        upstream.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        upstream.Content.Headers.TryAddWithoutValidation("Content-Language", ["en", "de"]);
        upstream.Content.Headers.ContentLength = 3;
        var client = new DefaultHttpContext().Response;

        ProviderHeaders.CopyToResponse(upstream, client.Headers);

        Assert.Equal("req_provider", client.Headers["x-request-id"].ToString());
        Assert.Equal("20", client.Headers["retry-after"].ToString());
        Assert.Equal(new[] { "a", "b" }, (string[])client.Headers["x-ratelimit-note"]!);
        Assert.Equal("application/json", client.Headers.ContentType.ToString());
        Assert.Equal(new[] { "en", "de" }, (string[])client.Headers.ContentLanguage!);
        Assert.False(client.Headers.ContainsKey("Content-Length"));
    }

    [Theory]
    [InlineData("Connection", "keep-alive")]
    [InlineData("Keep-Alive", "timeout=5")]
    [InlineData("Transfer-Encoding", "chunked")]
    [InlineData("Upgrade", "h2c")]
    [InlineData("Trailer", "x-checksum")]
    [InlineData("TE", "trailers")]
    [InlineData("Proxy-Connection", "keep-alive")]
    [InlineData("Date", "Tue, 01 Dec 2026 10:00:00 GMT")]
    [InlineData("Server", "cloudflare")]
    [InlineData("Set-Cookie", "__cf_bm=abc; path=/")]
    [InlineData("Alt-Svc", "h3=\":443\"")]
    public void Hop_by_hop_and_connection_headers_stay_with_the_provider(string name, string value)
    {
        using var upstream = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        Assert.True(upstream.Headers.TryAddWithoutValidation(name, value));
        var client = new DefaultHttpContext().Response;

        ProviderHeaders.CopyToResponse(upstream, client.Headers);

        Assert.False(client.Headers.ContainsKey(name));
    }
}
