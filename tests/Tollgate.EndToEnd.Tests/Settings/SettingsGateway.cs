using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Settings;

/// <summary>
/// <c>tollgate serve --config FILE</c> with an admin key and a data directory that outlives it (so it can be restarted
/// on the same store), in front of a simulator that records the bodies it receives. The file gives each test a
/// feature of its own, two rate limits, and an alert webhook whose URL and secret must never be shown; the environment
/// adds a feature's model, and the provider keys.
/// </summary>
public sealed class SettingsGateway : IAsyncLifetime
{
    public const string AdminKey = "admin-key-for-settings";

    public const string WebhookSecret = "whsec-file-secret-4b1d";

    public const string WebhookPathToken = "T0FILE/path-token-9c2e";

    private readonly TemporaryDirectory _directory = new();

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    /// <summary>The gateway's address as <c>--gateway</c> takes it.</summary>
    public string GatewayUrl => Gateway.BaseAddress.ToString().TrimEnd('/');

    private string ConfigFile => Path.Combine(_directory.Path, "tollgate.json");

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync("--record-bodies");
        File.WriteAllText(ConfigFile, $$"""
            {
              "Tollgate": {
                "Features": {
                  "live": { "Output": { "DefaultMaxTokens": 6, "MaxTokensCap": 12 } },
                  "kept": { "Output": { "DefaultMaxTokens": 6, "MaxTokensCap": 12 } },
                  "guarded": { "Output": { "DefaultMaxTokens": 6, "MaxTokensCap": 12 } },
                  "merged": { "Output": { "DefaultMaxTokens": 6, "MaxTokensCap": 12 }, "Model": "gpt-4o-mini" },
                  "cli": { "Output": { "DefaultMaxTokens": 6, "MaxTokensCap": 12 } }
                },
                "RateLimits": [
                  { "Scope": "user", "RequestsPerMinute": 1000 },
                  { "Scope": "team", "RequestsPerMinute": 1000 }
                ],
                "Alerts": { "Webhooks": [ { "Url": "http://127.0.0.1:9/hooks/{{WebhookPathToken}}", "Secret": "{{WebhookSecret}}" } ] }
              }
            }
            """);
        Gateway = await StartGatewayAsync();
    }

    /// <summary>Stops the gateway and starts it again on the same configuration file and data directory.</summary>
    public async Task RestartAsync()
    {
        await Gateway.DisposeAsync();
        Gateway = await StartGatewayAsync();
    }

    private Task<GatewayServer> StartGatewayAsync() => GatewayServer.StartAsync(
        Simulator,
        new GatewayServerOptions
        {
            AdminKey = AdminKey,
            DataDirectory = Path.Combine(_directory.Path, "data"),
            Arguments = ["--config", ConfigFile],
            Environment = { ["Tollgate__Features__fromenv__Output__MaxTokensCap"] = "9" },
        });

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary><c>PUT /admin/config/{path}</c> with <paramref name="json"/>: the status and the body.</summary>
    public Task<(HttpStatusCode Status, string Body)> PutAsync(string path, string json) =>
        SendAsync(HttpMethod.Put, "admin/config/" + path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary><c>DELETE /admin/config/{path}</c>: the status and the body.</summary>
    public Task<(HttpStatusCode Status, string Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, "admin/config/" + path, null);

    /// <summary><c>GET /admin/config</c> as it came.</summary>
    public async Task<string> ConfigBodyAsync()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "admin/config", null);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary><c>GET /admin/config</c>: every setting in force by key, with its value and source.</summary>
    public async Task<Dictionary<string, (string? Value, string Source)>> SettingsAsync()
    {
        using var document = JsonDocument.Parse(await ConfigBodyAsync());
        var settings = new Dictionary<string, (string?, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in document.RootElement.EnumerateArray())
        {
            settings[setting.GetProperty("key").GetString()!] = (setting.GetProperty("value").GetString(), setting.GetProperty("source").GetString()!);
        }

        return settings;
    }

    /// <summary>The <c>max_tokens</c> the simulator received for a chat call of <paramref name="feature"/> that asked for 50.</summary>
    public async Task<int> ForwardedMaxTokensAsync(string feature)
    {
        var call = await RawCall.PostAsync(Gateway.Http, "v1/chat/completions", RawCall.Chat("Say hello #" + Guid.NewGuid().ToString("N")[..12], "\"max_tokens\":50"), ("x-tollgate-feature", feature));
        Assert.Equal(200, call.Status);
        var upstream = await Simulator.WaitForRequestAsync(call.RequestId);
        using var body = JsonDocument.Parse(upstream.Body!);
        return body.RootElement.GetProperty("max_tokens").GetInt32();
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = Gateway.AdminRequest(method, path);
        request.Content = content;
        using var response = await Gateway.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
