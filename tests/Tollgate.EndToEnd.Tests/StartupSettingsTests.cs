using System.Net;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>tollgate serve --config FILE</c>: the file's <c>"Tollgate"</c> section takes effect, and a setting out of
/// range, a setting the gateway does not read (in the file or a <c>Tollgate__*</c> variable), or a file that cannot be
/// read stops the start with exit code 2 and a one-line message naming it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StartupSettingsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Settings_in_the_config_file_take_effect()
    {
        using var config = new TemporaryDirectory();
        var pricing = Path.Combine(config.Path, "pricing.json");
        File.WriteAllText(pricing, """{"models":{"gpt-4o-mini":{"provider":"openai","input_per_million":100,"output_per_million":200}}}""");
        var file = WriteConfig(config, """{"Tollgate":{"MaxRequestBodyBytes":2048,"PricingFile":""" + JsonSerializer.Serialize(pricing) + "}}");
        await using var gateway = await GatewayProcess.StartAsync(ProviderVariables(fixture.Simulator), ["--config", file]);

        using var small = await gateway.Http.SendAsync(Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""));

        // Last: the gateway closes the connection after a 413 (without saying so), and a client reusing it would fail.
        using var large = await gateway.Http.SendAsync(Wire.Post("v1/chat/completions", $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{new string('x', 3000)}}"}]}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        var error = Wire.Parse(await large.Content.ReadAsStringAsync()).GetProperty("error");
        Assert.Equal("The request body exceeds this gateway's limit of 2048 bytes.", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        var usage = Wire.Parse(await small.Content.ReadAsStringAsync()).GetProperty("usage");
        var (input, output) = (usage.GetProperty("prompt_tokens").GetInt64(), usage.GetProperty("completion_tokens").GetInt64());

        // The file's pricing file prices gpt-4o-mini at $100 in / $200 out per million tokens (the catalog: $0.15 / $0.60).
        Assert.Equal((input * 100m + output * 200m) / 1_000_000m, Wire.ParseCost(Wire.Header(small, "x-tollgate-cost-usd")));
    }

    [Theory]
    [InlineData("""{"MaxRequestBodyBytes":-1}""", "MaxRequestBodyBytes must be at least 1024.")]
    [InlineData("""{"UpstreamTimeoutSeconds":0}""", "UpstreamTimeoutSeconds must be positive and at most 86400 (one day); it is 0.")]
    [InlineData("""{"UpstreamTimeoutSeconds":"NaN"}""", "UpstreamTimeoutSeconds must be positive and at most 86400 (one day); it is NaN.")]
    [InlineData("""{"UpstreamTimeoutSeconds":1e7}""", "UpstreamTimeoutSeconds must be positive and at most 86400 (one day); it is 10000000.")]
    [InlineData("""{"ShutdownTimeoutSeconds":-1}""", "ShutdownTimeoutSeconds must be from 0 to 3600 (one hour); it is -1.")]
    [InlineData("""{"Simulator":{"TimeToFirstTokenMs":-1}}""", "Simulator:TimeToFirstTokenMs must not be negative; it is -1.")]
    [InlineData("""{"Simulator":{"TokensPerSecond":"-Infinity"}}""", "Simulator:TokensPerSecond must be a number from 0 up")]
    [InlineData("""{"AccessLog":{"SampleRate":2}}""", "AccessLog:SampleRate must be from 0 to 1")]
    [InlineData("""{"Output":{"ValidationRetries":-1}}""", "Output:ValidationRetries must be between 0 and 5; it is -1.")]
    [InlineData("""{"Features":{"labels":{"Output":{"ValidationRetries":9}}}}""", "Features:labels:Output:ValidationRetries must be between 0 and 5; it is 9.")]
    public async Task An_out_of_range_setting_in_the_config_file_stops_the_start_naming_it(string section, string message)
    {
        using var config = new TemporaryDirectory();
        var file = WriteConfig(config, $$"""{"Tollgate":{{section}}}""");

        var (exitCode, output) = await ServeAsync(config, file);

        AssertRefusedToStart(exitCode, output, message);
    }

    [Theory]
    [InlineData(null, "does not exist")]
    [InlineData("""{"Tollgate":""", "Failed to load configuration from file")]
    [InlineData("""{"Tollgate":{"MaxRequestBodyBytes":"lots"}}""", "'lots' at 'Tollgate:MaxRequestBodyBytes'")]
    public async Task A_config_file_that_cannot_be_read_stops_the_start_naming_the_problem(string? content, string message)
    {
        using var config = new TemporaryDirectory();
        var file = content is null ? Path.Combine(config.Path, "missing.json") : WriteConfig(config, content);

        var (exitCode, output) = await ServeAsync(config, file);

        AssertRefusedToStart(exitCode, output, message);
    }

    [Theory]
    [InlineData("""{"Tollgate":{"AdminKye":"secret"}}""", "unknown setting 'Tollgate:AdminKye' in tollgate.json (did you mean 'AdminKey'?)")]
    [InlineData("""{"Tollgate":{"OpenAI":{"BaseUrl":"http://127.0.0.1:9/v1","ApiKy":"sk"}}}""", "unknown setting 'Tollgate:OpenAI:ApiKy' in tollgate.json (did you mean 'ApiKey'?)")]
    [InlineData("""{"Tollgate":{"AccessLog":{"Enabeld":true}}}""", "unknown setting 'Tollgate:AccessLog:Enabeld' in tollgate.json (did you mean 'Enabled'?)")]
    [InlineData("""{"Tollgate":{"AdminKey":{"Value":"secret"}}}""", "unknown setting 'Tollgate:AdminKey:Value' in tollgate.json")]
    [InlineData("""{"Tollgate":{"OpenAI":{"IsConfigured":true}}}""", "unknown setting 'Tollgate:OpenAI:IsConfigured' in tollgate.json")]
    [InlineData("""{"Tollgate":{},"Pricing":{"File":"x.json"}}""", "unknown setting 'Pricing' in tollgate.json")]
    [InlineData("""{"Tolgate":{"AdminKey":"secret"}}""", "tollgate.json has no \"Tollgate\" section, the one Tollgate reads its settings from (it has 'Tolgate')")]
    [InlineData("{}", "tollgate.json has no \"Tollgate\" section, the one Tollgate reads its settings from (it has nothing)")]
    public async Task A_setting_the_gateway_does_not_read_stops_the_start_naming_it(string content, string message)
    {
        using var config = new TemporaryDirectory();
        var file = WriteConfig(config, content);

        var (exitCode, output) = await ServeAsync(config, file);

        AssertRefusedToStart(exitCode, output, message);
    }

    [Fact]
    public async Task Every_unknown_setting_is_named_at_once_wherever_it_comes_from()
    {
        using var config = new TemporaryDirectory();
        var file = WriteConfig(config, """{"Tollgate":{"AdminKye":"secret","MaxRequestBodyByte":4096}}""");

        var (exitCode, output) = await ServeAsync(config, file, new() { ["Tollgate__Anthropic__BaseUrll"] = "http://127.0.0.1:9" });

        AssertRefusedToStart(
            exitCode,
            output,
            "tollgate: unknown settings 'Tollgate:AdminKye' in tollgate.json (did you mean 'AdminKey'?), 'Tollgate:MaxRequestBodyByte' in tollgate.json " +
            "(did you mean 'MaxRequestBodyBytes'?), 'Tollgate__Anthropic__BaseUrll' in the environment (did you mean 'BaseUrl'?). The settings are listed in docs/configuration.md.");
    }

    [Fact]
    public async Task Every_documented_setting_and_the_logging_section_are_accepted()
    {
        using var config = new TemporaryDirectory();
        var file = WriteConfig(config, $$"""
            {
              "Tollgate": {
                "Urls": "http://127.0.0.1:1", "DataDirectory": "overridden-by-the-flag", "AdminKey": "admin-key",
                "MaxRequestBodyBytes": 20971520, "UpstreamTimeoutSeconds": 60, "ShutdownTimeoutSeconds": 5, "PricingFile": null, "LedgerFullSync": true,
                "Anthropic": { "ApiKey": "sk-ant-file", "BaseUrl": {{JsonSerializer.Serialize(fixture.Simulator.AnthropicBaseUrl)}} },
                "Simulator": { "TimeToFirstTokenMs": 0, "TokensPerSecond": 0 },
                "AccessLog": { "Enabled": false, "SampleRate": 0.5 }
              },
              "Logging": { "LogLevel": { "Default": "Information", "Tollgate.AccessLog": "None" } }
            }
            """);

        // Tollgate__* variables are checked like the file; any other variable, even one named like Tollgate's, is not.
        await using var gateway = await GatewayProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["Tollgate__OpenAI__ApiKey"] = "sk-environment",
                ["Tollgate__OpenAI__BaseUrl"] = fixture.Simulator.OpenAIBaseUrl,
                ["TOLLGATE_ANY_OTHER_VARIABLE"] = "ignored",
                ["Logging__LogLevel__Default"] = "Information",
            },
            ["--config", file]);

        using var health = await gateway.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static void AssertRefusedToStart(int exitCode, string output, string message)
    {
        Assert.True(exitCode == 2, $"exit code {exitCode}. Output:\n{output}");
        Assert.Contains("tollgate: ", output, StringComparison.Ordinal);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Tollgate listening", output, StringComparison.Ordinal);
        Wire.AssertNoStackTrace(output);
    }

    /// <summary>Runs <c>serve --config</c> to its end: a start refused exits at once, one that is not would never end.</summary>
    private Task<(int ExitCode, string Output)> ServeAsync(TemporaryDirectory config, string file, Dictionary<string, string?>? environment = null) =>
        TollgateProcess.RunAsync(
            ["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data-dir", Path.Combine(config.Path, "data"), "--config", file],
            new Dictionary<string, string?>(ProviderVariables(fixture.Simulator).Concat(environment ?? [])),
            TimeSpan.FromSeconds(30));

    private static string WriteConfig(TemporaryDirectory directory, string content)
    {
        var file = Path.Combine(directory.Path, "tollgate.json");
        File.WriteAllText(file, content);
        return file;
    }

    private static Dictionary<string, string?> ProviderVariables(SimulatorServer simulator) => new()
    {
        ["OPENAI_BASE_URL"] = simulator.OpenAIBaseUrl,
        ["OPENAI_API_KEY"] = GatewayServer.OpenAIProviderKey,
        ["ANTHROPIC_BASE_URL"] = simulator.AnthropicBaseUrl,
        ["ANTHROPIC_API_KEY"] = GatewayServer.AnthropicProviderKey,
    };
}
