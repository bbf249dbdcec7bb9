using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// A gateway started from a watched configuration file, as <c>tollgate serve --config FILE</c> starts one: an edit of
/// a run-time setting (the upstream timeout) applies to the next calls without a restart, and an edit that fails
/// validation is refused, leaving the last valid settings in force.
/// </summary>
public sealed class ConfigurationReloadTests : IAsyncLifetime
{
    private const string Completion = """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""";
    private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(30);

    private readonly TemporaryDirectory _directory = new();
    private readonly RecordingLoggerProvider _log = new();
    private GoldenUpstream _upstream = null!;
    private IConfigurationRoot _configuration = null!;
    private GatewayApplication _gateway = null!;
    private HttpClient _http = null!;

    private string ConfigFile => Path.Combine(_directory.Path, "tollgate.json");

    public async Task InitializeAsync()
    {
        _upstream = await GoldenUpstream.StartAsync();
        WriteConfig(upstreamTimeoutSeconds: 20);
        _configuration = new ConfigurationBuilder().AddJsonFile(ConfigFile, optional: false, reloadOnChange: true).Build();
        _gateway = await GatewayApplication.StartAsync(_configuration, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(_log);
        });
        _http = new HttpClient { BaseAddress = _gateway.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        (_configuration as IDisposable)?.Dispose();
        await _upstream.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Upstream_timeout_changed_in_the_config_file_applies_to_the_next_call_without_a_restart()
    {
        WriteConfig(upstreamTimeoutSeconds: 1);
        var options = _gateway.Services.GetRequiredService<IOptionsMonitor<GatewayOptions>>();
        await Poll.UntilAsync(() => Task.FromResult(options.CurrentValue.UpstreamTimeoutSeconds == 1), ReloadDeadline, "the gateway to read the edited timeout");

        var error = await CallAProviderThatNeverAnswersAsync();

        Assert.Equal("The openai provider did not answer within 1 s.", error);
    }

    [Fact]
    public async Task Config_file_edit_that_fails_validation_is_refused_and_the_last_valid_settings_stay_in_force()
    {
        WriteConfig(upstreamTimeoutSeconds: 1);
        var options = _gateway.Services.GetRequiredService<IOptionsMonitor<GatewayOptions>>();
        await Poll.UntilAsync(() => Task.FromResult(options.CurrentValue.UpstreamTimeoutSeconds == 1), ReloadDeadline, "the gateway to read the valid edit");
        WriteConfig(upstreamTimeoutSeconds: 0);
        await Poll.UntilAsync(() => Task.FromResult(_configuration["Tollgate:UpstreamTimeoutSeconds"] == "0"), ReloadDeadline, "the configuration to read the invalid edit");

        _upstream.Serve(new GoldenResponse("openai/chat-completion.json"));
        using var answered = await GatewayCalls.SendAsync(_http, "v1/chat/completions", Completion);
        var timedOut = await CallAProviderThatNeverAnswersAsync();

        Assert.Equal(200, (int)answered.StatusCode);
        Assert.Equal("The openai provider did not answer within 1 s.", timedOut);
        await Poll.UntilAsync(
            () => Task.FromResult(_log.Messages.Any(message => message.Contains("reload refused", StringComparison.Ordinal) && message.Contains("UpstreamTimeoutSeconds must be positive", StringComparison.Ordinal))),
            ReloadDeadline,
            "the refused edit in the log");
    }

    /// <summary>Calls through the gateway while the upstream holds its answer back; returns the error message of the 504.</summary>
    private async Task<string?> CallAProviderThatNeverAnswersAsync()
    {
        var delivery = new GoldenDelivery { HoldBeforeHeaders = true };
        _upstream.Serve(new GoldenResponse("openai/chat-completion.json"), delivery);
        try
        {
            using var response = await GatewayCalls.SendAsync(_http, "v1/chat/completions", Completion);
            var call = await GatewayCalls.ReadAsync(response);
            Assert.Equal(504, call.Status);
            return JsonDocument.Parse(call.Body).RootElement.GetProperty("error").GetProperty("message").GetString();
        }
        finally
        {
            delivery.Release();
        }
    }

    /// <summary>Replaces the file in one step (write aside, then rename), so the watcher never reads it half-written.</summary>
    private void WriteConfig(int upstreamTimeoutSeconds)
    {
        var aside = ConfigFile + ".new";
        File.WriteAllText(aside, $$"""
            {
              "Tollgate": {
                "Urls": "http://127.0.0.1:0",
                "DataDirectory": "{{JsonEncodedText.Encode(Path.Combine(_directory.Path, "data"))}}",
                "UpstreamTimeoutSeconds": {{upstreamTimeoutSeconds}},
                "OpenAI": { "ApiKey": "sk-golden-openai", "BaseUrl": "{{_upstream.OpenAIBaseUrl}}" }
              }
            }
            """);
        File.Move(aside, ConfigFile, overwrite: true);
    }
}
