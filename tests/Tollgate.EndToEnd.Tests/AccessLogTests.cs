using System.Globalization;
using System.Text.RegularExpressions;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// The access log (<c>Tollgate:AccessLog</c>): off unless enabled; when on, one line per request on the logging
/// category <c>Tollgate.AccessLog</c>, with what the request's ledger row says, and never a key, a body or a query
/// string. Each test stops the gateway before reading its output, so every line it would write is written.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AccessLogTests(GatewayFixture fixture)
{
    private const string AdminKey = "admin-key-never-logged-3f9a";
    private const string BodyMarker = "prompt-text-never-logged-9c2e";
    private const string QuerySecret = "query-secret-never-logged-5d1b";

    [Fact]
    public async Task Each_request_is_one_line_with_its_ledger_facts_and_never_a_key_a_body_or_a_query_string()
    {
        await using var gateway = await GatewayServer.StartAsync(
            fixture.Simulator,
            new GatewayServerOptions { AdminKey = AdminKey, Environment = { ["Tollgate__AccessLog__Enabled"] = "true" } });
        var key = await gateway.CreateKeyAsync("billing-service", team: "payments", tags: new Dictionary<string, string> { ["project"] = "atlas" });
        using var openAI = Wire.Post($"v1/chat/completions?api-key={QuerySecret}", $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{BodyMarker}}"}]}""");
        openAI.Headers.Add("Authorization", "Bearer " + key);
        openAI.Headers.Add("x-tollgate-tags", "env=prod");
        using var anthropic = Wire.Post("v1/messages", $$"""{"model":"claude-haiku-4-5","max_tokens":20,"stream":true,"messages":[{"role":"user","content":"{{BodyMarker}}"}]}""");
        anthropic.Headers.Add("x-api-key", key);

        using var openAIResponse = await gateway.Http.SendAsync(openAI);
        using var anthropicResponse = await gateway.Http.SendAsync(anthropic);
        await anthropicResponse.Content.ReadAsStringAsync();
        var openAIEntry = await gateway.WaitForSettledEntryAsync(Wire.Header(openAIResponse, "x-tollgate-request-id"));
        var anthropicEntry = await gateway.WaitForSettledEntryAsync(Wire.Header(anthropicResponse, "x-tollgate-request-id"));
        var output = await StopAsync(gateway.Process);

        foreach (var secret in new[] { key, GatewayServer.OpenAIProviderKey, GatewayServer.AnthropicProviderKey, AdminKey, QuerySecret, BodyMarker })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        var lines = AccessLines(output);
        Assert.Single(lines, line => Regex.IsMatch(line, @" - POST /admin/keys HTTP/1\.1 201 [0-9.]+ms model=- provider=- key=- team=- tags=- cost_usd=- cache=- lever=-$"));
        Assert.Single(lines, line => Regex.IsMatch(line, Expected(openAIEntry, "/v1/chat/completions", "openai", "env=prod,project=atlas")));
        Assert.Single(lines, line => Regex.IsMatch(line, Expected(anthropicEntry, "/v1/messages", "anthropic", "project=atlas")));
    }

    [Fact]
    public async Task No_request_is_logged_unless_the_access_log_is_enabled()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator);

        await CallAsync(gateway.Http);
        var output = await StopAsync(gateway.Process);

        Assert.Contains("Tollgate listening", output, StringComparison.Ordinal);
        Assert.Empty(AccessLines(output));
    }

    [Fact]
    public async Task A_sample_rate_of_zero_logs_no_request()
    {
        await using var gateway = await GatewayServer.StartAsync(
            fixture.Simulator,
            new GatewayServerOptions { Environment = { ["Tollgate__AccessLog__Enabled"] = "true", ["Tollgate__AccessLog__SampleRate"] = "0" } });

        await CallAsync(gateway.Http);
        var output = await StopAsync(gateway.Process);

        Assert.Contains("Tollgate listening", output, StringComparison.Ordinal);
        Assert.Empty(AccessLines(output));
    }

    [Fact]
    public async Task The_config_files_logging_section_can_route_the_access_log_on_its_own()
    {
        using var config = new TemporaryDirectory();
        var file = Path.Combine(config.Path, "tollgate.json");
        File.WriteAllText(file, """{"Tollgate":{"AccessLog":{"Enabled":true}},"Logging":{"LogLevel":{"Tollgate.AccessLog":"None"}}}""");
        await using var gateway = await GatewayProcess.StartAsync(
            new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = fixture.Simulator.OpenAIBaseUrl, ["ANTHROPIC_BASE_URL"] = fixture.Simulator.AnthropicBaseUrl },
            ["--config", file]);

        await CallAsync(gateway.Http);
        var output = await StopAsync(gateway.Process);

        Assert.Contains("Tollgate listening", output, StringComparison.Ordinal);
        Assert.Empty(AccessLines(output));
    }

    /// <summary>The line a settled exchange gets: its arrival time, request id, route, status and ledger facts.</summary>
    private static string Expected(Tollgate.Core.Ledger.LedgerEntry entry, string path, string provider, string tags)
    {
        Assert.Equal(tags, entry.Tags.ToString());
        Assert.Equal(provider, entry.Provider);
        Assert.NotNull(entry.CostUsd);
        return @"Tollgate\.AccessLog\[1\] \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00 " + Regex.Escape(
            $"{entry.RequestId} POST {path} HTTP/1.1 {entry.Status} ") + "[0-9.]+ms " + Regex.Escape(
            $"model={entry.ServedModel} provider={provider} key=billing-service team=payments tags={tags} " +
            $"cost_usd={entry.CostUsd.Value.ToString(CultureInfo.InvariantCulture)} cache={entry.CacheStatus} lever=-") + "$";
    }

    private static async Task CallAsync(HttpClient http)
    {
        using var response = await http.SendAsync(Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(200, (int)response.StatusCode);
    }

    /// <summary>Stops the gateway with <c>SIGTERM</c> and returns all it wrote: logging is flushed by then.</summary>
    private static async Task<string> StopAsync(TollgateProcess process)
    {
        await process.TerminateAsync();
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"exit code {exitCode}. Output:\n{process.Output}");
        return process.Output;
    }

    private static List<string> AccessLines(string output) =>
        output.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Contains("Tollgate.AccessLog", StringComparison.Ordinal)).ToList();
}
