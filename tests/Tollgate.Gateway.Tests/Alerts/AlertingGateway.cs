using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Alerts;
using Tollgate.Gateway.Alerts;
using Tollgate.Gateway.Tests.Hosting;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Alerts;

/// <summary>
/// A real gateway in-process on a loopback port with alert webhooks configured, its log recorded, and helpers to read
/// <c>/admin/alerts</c> and wait for a delivery to end. Retries are quick (50 ms apart) so failing receivers end soon.
/// </summary>
internal sealed class AlertingGateway : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-alert-tests";

    private readonly TemporaryDirectory? _ownedData;

    private AlertingGateway(GatewayApplication gateway, RecordingLoggerProvider log, TemporaryDirectory? ownedData)
    {
        Application = gateway;
        Log = log;
        _ownedData = ownedData;
        Http = new HttpClient { BaseAddress = gateway.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public GatewayApplication Application { get; }

    /// <summary>A client sending the admin key.</summary>
    public HttpClient Http { get; }

    public RecordingLoggerProvider Log { get; }

    public IAlertPublisher Publisher => Application.Services.GetRequiredService<IAlertPublisher>();

    public static async Task<AlertingGateway> StartAsync(Action<AlertOptions> configure, string? dataDirectory = null, double shutdownTimeoutSeconds = 30)
    {
        var owned = dataDirectory is null ? new TemporaryDirectory() : null;
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = dataDirectory ?? owned!.Path,
            AdminKey = AdminKey,
            ShutdownTimeoutSeconds = shutdownTimeoutSeconds,
            Alerts = new AlertOptions { RetryDelaySeconds = 0.05, AttemptTimeoutSeconds = 10 },
        };
        configure(options.Alerts);
        var log = new RecordingLoggerProvider();
        try
        {
            var gateway = await GatewayApplication.StartAsync(options, logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(log);
            });
            return new AlertingGateway(gateway, log, owned);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    public static AlertWebhookOptions Webhook(WebhookReceiver receiver, string secret, string? name = null, params string[] kinds) =>
        new() { Url = receiver.Url.ToString(), Secret = secret, Name = name, Kinds = kinds.Length == 0 ? null : [.. kinds] };

    /// <summary>The raw body of <c>GET /admin/alerts</c> with <paramref name="query"/>, and its status.</summary>
    public async Task<(int Status, string Body)> GetAlertsTextAsync(string query = "")
    {
        using var response = await Http.GetAsync("admin/alerts" + query);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The alerts <c>GET /admin/alerts</c> lists, each as a JSON element.</summary>
    public async Task<JsonElement[]> GetAlertsAsync(string query = "")
    {
        var (status, body) = await GetAlertsTextAsync(query);
        Assert.True(status == 200, $"GET /admin/alerts{query} answered {status}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("alerts").EnumerateArray().Select(alert => alert.Clone()).ToArray();
    }

    /// <summary>Waits until the alert's delivery to <paramref name="webhook"/> is no longer pending, and returns it.</summary>
    public async Task<JsonElement> WaitForDeliveryAsync(string alertId, string webhook) =>
        (JsonElement)await Poll.UntilAsync<object>(
            async () =>
            {
                foreach (var alert in await GetAlertsAsync())
                {
                    if (alert.GetProperty("id").GetString() != alertId)
                    {
                        continue;
                    }

                    foreach (var delivery in alert.GetProperty("deliveries").EnumerateArray())
                    {
                        if (delivery.GetProperty("webhook").GetString() == webhook && delivery.GetProperty("state").GetString() != "pending")
                        {
                            return delivery;
                        }
                    }
                }

                return null;
            },
            TimeSpan.FromSeconds(30),
            $"the delivery of {alertId} to {webhook} to end");

    /// <summary>Waits until <paramref name="alertId"/> is listed (stored), and returns it.</summary>
    public async Task<JsonElement> WaitForAlertAsync(string alertId) =>
        (JsonElement)await Poll.UntilAsync<object>(
            async () => (await GetAlertsAsync()).FirstOrDefault(alert => alert.GetProperty("id").GetString() == alertId) is { ValueKind: JsonValueKind.Object } found ? found : null,
            TimeSpan.FromSeconds(30),
            $"alert {alertId} to be listed");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Application.DisposeAsync();
        _ownedData?.Dispose();
    }
}
