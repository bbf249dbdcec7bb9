using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Alerts;
using Tollgate.Gateway.Tests.Hosting;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Alerts;

/// <summary>
/// The webhooks follow edits of a watched configuration file without a restart: the next alert goes to the webhooks
/// the file names now, and an edit that leaves a webhook without its secret is refused, the last valid ones staying.
/// </summary>
public sealed class AlertSettingsReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(30);

    private readonly TemporaryDirectory _directory = new();
    private readonly RecordingLoggerProvider _log = new();
    private WebhookReceiver _first = null!;
    private WebhookReceiver _second = null!;
    private IConfigurationRoot _configuration = null!;
    private GatewayApplication _gateway = null!;

    private string ConfigFile => Path.Combine(_directory.Path, "tollgate.json");

    private IAlertPublisher Publisher => _gateway.Services.GetRequiredService<IAlertPublisher>();

    private GatewayOptions Current => _gateway.Services.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue;

    public async Task InitializeAsync()
    {
        _first = await WebhookReceiver.StartAsync();
        _second = await WebhookReceiver.StartAsync();
        WriteConfig(("first", _first.Url, "whsec-first"));
        _configuration = new ConfigurationBuilder().AddJsonFile(ConfigFile, optional: false, reloadOnChange: true).Build();
        _gateway = await GatewayApplication.StartAsync(_configuration, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(_log);
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        (_configuration as IDisposable)?.Dispose();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task An_edit_of_the_webhooks_applies_to_the_next_alert_without_a_restart()
    {
        var before = Alert.Create(AlertKinds.Test, AlertSeverity.Info, "Before the edit.", DateTimeOffset.UtcNow);
        Publisher.Publish(before);
        Assert.Equal(before.Id, Assert.Single(await _first.WaitForAsync(1)).Header("x-tollgate-alert-id"));

        WriteConfig(("second", _second.Url, "whsec-second"));
        await Poll.UntilAsync(() => Task.FromResult(Current.Alerts.Webhooks is [{ Name: "second" }]), ReloadDeadline, "the gateway to read the edited webhooks");
        var after = Alert.Create(AlertKinds.Test, AlertSeverity.Info, "After the edit.", DateTimeOffset.UtcNow);
        Publisher.Publish(after);

        var received = Assert.Single(await _second.WaitForAsync(1));
        Assert.Equal(after.Id, received.Header("x-tollgate-alert-id"));
        Assert.True(WebhookReceiver.HasValidSignature(received, "whsec-second"));
        Assert.Single(_first.Received);
    }

    [Fact]
    public async Task An_edit_that_leaves_a_webhook_without_its_secret_is_refused_and_the_last_valid_webhooks_stay()
    {
        WriteConfig(("second", _second.Url, " "));
        await Poll.UntilAsync(
            () => Task.FromResult(_log.Messages.Any(message => message.Contains("reload refused", StringComparison.Ordinal) && message.Contains("Alerts:Webhooks:0:Secret is required", StringComparison.Ordinal))),
            ReloadDeadline,
            "the refused edit in the log");

        var alert = Alert.Create(AlertKinds.Test, AlertSeverity.Info, "After a refused edit.", DateTimeOffset.UtcNow);
        Publisher.Publish(alert);

        Assert.True(WebhookReceiver.HasValidSignature(Assert.Single(await _first.WaitForAsync(1)), "whsec-first"));
        Assert.Empty(_second.Received);
    }

    private void WriteConfig(params (string Name, Uri Url, string Secret)[] webhooks)
    {
        var listed = string.Join(", ", webhooks.Select(webhook =>
            $$"""{ "Name": "{{JsonEncodedText.Encode(webhook.Name)}}", "Url": "{{JsonEncodedText.Encode(webhook.Url.ToString())}}", "Secret": "{{JsonEncodedText.Encode(webhook.Secret)}}" }"""));

        // Written aside and moved into place, so the watcher never reads half a file.
        var aside = ConfigFile + ".new";
        File.WriteAllText(aside, $$"""
            {
              "Tollgate": {
                "Urls": "http://127.0.0.1:0",
                "DataDirectory": "{{JsonEncodedText.Encode(Path.Combine(_directory.Path, "data"))}}",
                "Alerts": { "RetryDelaySeconds": 0.05, "Webhooks": [ {{listed}} ] }
              }
            }
            """);
        File.Move(aside, ConfigFile, overwrite: true);
    }
}
