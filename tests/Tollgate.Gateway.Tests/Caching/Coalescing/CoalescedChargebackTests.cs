using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using Tollgate.Core.Budgets;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.Caching.Coalescing;
using Tollgate.Gateway.Tests.Pipeline;
using Tollgate.Testing;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Caching.Coalescing;

/// <summary>
/// With <c>Chargeback:CacheHits</c> on, a coalesced waiter is held against its budgets at the call's worst case while it
/// waits (refused with 402 when that does not fit, while the call goes on for its leader) and charged its baseline once
/// answered. The leaders pass a <see cref="LeaderGate"/> in the reserve stage's place, so only waiters hold anything.
/// </summary>
public sealed class CoalescedChargebackTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private readonly LeaderGate _gate = new();
    private SimulatorServer _simulator = null!;
    private GatewayApplication _gateway = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorServer.StartAsync("--ttft-ms", "100", "--tokens-per-second", "10");
        _gateway = await GatewayApplication.StartAsync(
            new GatewayOptions
            {
                Urls = "http://127.0.0.1:0",
                DataDirectory = _data.Path,
                OpenAI = new ProviderOptions { ApiKey = "sk-simulated", BaseUrl = _simulator.OpenAIBaseUrl },
                Anthropic = new ProviderOptions { ApiKey = "sk-ant-simulated", BaseUrl = _simulator.AnthropicBaseUrl },
                Chargeback = new ChargebackOptions { CacheHits = true },
                Budgets =
                [
                    // A waiter's worst case (no max_tokens: the model's maximum output) is more than a cent.
                    new BudgetDocument { Id = "tight", Scope = "user:tight-waiter", LimitUsd = 0.001m, Period = "day" },
                    new BudgetDocument { Id = "roomy", Scope = "user:roomy-waiter", LimitUsd = 5m, Period = "day" },
                ],
            },
            logging => logging.ClearProviders(),
            services => services.ReplaceReserveStage(_gate));
        _gate.Calls = _gateway.Services.GetServices<IExchangeStage>().OfType<CoalescingStage>().Single().Calls;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _simulator.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_waiter_is_refused_when_its_worst_case_does_not_fit_and_charged_its_baseline_when_it_does()
    {
        var prompt = "Chargeback waiters " + Guid.NewGuid().ToString("N") + ": what is a toll gate?";
        _gate.HoldLeaders(1);
        var leader = Task.Run(() => AskAsync(prompt, "leader"));
        await _gate.Holding;

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => AskAsync(prompt, "tight-waiter"));
        var served = await AskAsync(prompt, "roomy-waiter");
        var led = await leader;

        Assert.Equal(402, refused.Status);
        Assert.Contains("Budget 'tight'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(led.Value.Content[0].Text, served.Value.Content[0].Text);
        using var http = new HttpClient { BaseAddress = _gateway.Addresses[0] };
        using var row = JsonDocument.Parse(await http.GetStringAsync("admin/requests/" + RequestId(served)));
        Assert.Equal("coalesced", row.RootElement.GetProperty("cache_status").GetString());
        Assert.Equal(0m, row.RootElement.GetProperty("cost_usd").GetDecimal());
        var baseline = row.RootElement.GetProperty("baseline_cost_usd").GetDecimal();
        Assert.True(baseline > 0m);
        Assert.Equal(baseline, row.RootElement.GetProperty("charged_usd").GetDecimal());
        using var roomy = JsonDocument.Parse(await http.GetStringAsync("admin/budgets/roomy"));
        Assert.Equal((baseline, 0m), (roomy.RootElement.GetProperty("spent_usd").GetDecimal(), roomy.RootElement.GetProperty("reserved_usd").GetDecimal()));
    }

    private Task<ClientResult<ChatCompletion>> AskAsync(string prompt, string user) =>
        SdkClients.OpenAIChat(_gateway.Addresses[0]).CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { Temperature = 0, EndUserId = user });

    private static string RequestId(ClientResult result) =>
        result.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var id) ? id! : throw new InvalidOperationException("no request id");
}
