using System.Text.Json;
using Tollgate.Core.Ledger;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// Gateways whose provider listens nowhere, has a host name that does not resolve, or is not configured at all:
/// calls that reach no provider are answered by the gateway in the protocol's error shape, and bill nothing.
/// </summary>
public sealed class UnreachableProviderTests : IAsyncLifetime
{
    private InProcessGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await InProcessGateway.StartAsync(options =>
            options.OpenAI = new ProviderOptions { ApiKey = "sk-unreachable", BaseUrl = $"http://127.0.0.1:{FreePort.Next()}/v1" });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Provider_nobody_listens_for_gets_a_502_upstream_unreachable_and_bills_nothing()
    {
        using var response = await GatewayCalls.SendAsync(_gateway.Http, "v1/chat/completions", """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""");
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(_gateway.Http, call.RequestId);

        Assert.Equal(502, call.Status);
        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("Tollgate could not reach the openai provider (ConnectionError).", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal(502, entry.Status);
        Assert.Equal("upstream_unreachable", entry.ErrorType);
        Assert.Equal(0, entry.InputTokens); // a connection that never opened reached no provider: no estimate
        Assert.Equal(0m, entry.CostUsd);
        Assert.Null(entry.Warning);
    }

    [Fact]
    public async Task Provider_nobody_listens_for_is_an_attempt_record_per_try_with_no_status_billed_nothing()
    {
        using var response = await GatewayCalls.SendAsync(_gateway.Http, "v1/chat/completions", """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""");
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(_gateway.Http, call.RequestId);

        // A refused connection is retried (Resilience:MaxRetries, 2 by default): three tries, none of which reached a provider.
        Assert.Equal(502, call.Status);
        Assert.Equal(3, entry.Attempts);
        Assert.Equal(
            [.. Enumerable.Range(1, 3).Select(number => new AttemptRecord { Number = number, Provider = "openai", Model = "o4-mini", Status = 0, ErrorType = "upstream_unreachable", CostUsd = 0m })],
            AttemptRecordTests.WithoutLatency(entry.AttemptRecords));
    }

    [Fact]
    public async Task Provider_whose_host_name_does_not_resolve_gets_a_502_upstream_unreachable_and_bills_nothing()
    {
        // .invalid never resolves (RFC 6761).
        await using var gateway = await InProcessGateway.StartAsync(options =>
            options.OpenAI = new ProviderOptions { ApiKey = "sk-unresolvable", BaseUrl = "http://tollgate-provider.invalid/v1" });
        using var response = await GatewayCalls.SendAsync(gateway.Http, "v1/chat/completions", """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""");
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(gateway.Http, call.RequestId);

        Assert.Equal(502, call.Status);
        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("Tollgate could not reach the openai provider (NameResolutionError).", error.GetProperty("message").GetString());
        Assert.Equal("upstream_unreachable", entry.ErrorType);
        Assert.Equal(0, entry.InputTokens);
        Assert.Equal(0m, entry.CostUsd);
        Assert.Null(entry.Warning);
    }

    [Fact]
    public async Task Anthropic_route_without_an_Anthropic_provider_gets_a_400_naming_the_settings_to_make()
    {
        using var response = await GatewayCalls.SendAsync(_gateway.Http, "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}""");
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(_gateway.Http, call.RequestId);

        Assert.Equal(400, call.Status);
        var body = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("No Anthropic provider is configured on this Tollgate: set ANTHROPIC_API_KEY or ANTHROPIC_BASE_URL.", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(400, entry.Status);
        Assert.Equal("invalid_request_error", entry.ErrorType);
        Assert.Equal(0m, entry.CostUsd);
    }

    [Fact]
    public async Task OpenAI_route_without_an_OpenAI_provider_gets_a_400_naming_the_settings_to_make()
    {
        await using var gateway = await InProcessGateway.StartAsync(options =>
            options.Anthropic = new ProviderOptions { ApiKey = "sk-ant-unreachable", BaseUrl = $"http://127.0.0.1:{FreePort.Next()}" });
        using var response = await GatewayCalls.SendAsync(gateway.Http, "v1/chat/completions", """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""");
        var call = await GatewayCalls.ReadAsync(response);

        Assert.Equal(400, call.Status);
        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("No OpenAI provider is configured on this Tollgate: set OPENAI_API_KEY or OPENAI_BASE_URL.", error.GetProperty("message").GetString());
    }
}
