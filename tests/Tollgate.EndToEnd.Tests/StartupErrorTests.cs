using System.Net;
using System.Net.Sockets;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// However <c>tollgate serve</c>, <c>simulate</c> or <c>keys</c> fails to start, it ends the same way: one
/// <c>tollgate: …</c> line on standard error naming the problem, a non-zero exit code, and no stack trace anywhere in
/// its output. And the check that keeps an unauthenticated gateway on loopback sees every address it binds.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StartupErrorTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("http://127.0.0.1:99999", "'http://127.0.0.1:99999' in --urls has the port 99999; a port is a number from 0 to 65535.")]
    [InlineData("foo", "'foo' in --urls is not an address to listen on; write it as http://HOST:PORT, e.g. http://127.0.0.1:8080.")]
    [InlineData("ftp://127.0.0.1:2121", "'ftp://127.0.0.1:2121' in --urls has the scheme 'ftp'; Tollgate listens on http:// and https:// addresses.")]
    public async Task An_address_the_gateway_cannot_listen_on_is_refused_in_one_line(string urls, string message)
    {
        using var data = new TemporaryDirectory();

        var run = await RunAsync(["serve", "--urls", urls, "--data-dir", data.Path], ProviderVariables());

        AssertRefusedInOneLine(run, 2, message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:70000", "'http://127.0.0.1:70000' in --urls has the port 70000; a port is a number from 0 to 65535.")]
    [InlineData("127.0.0.1:9090", "'127.0.0.1:9090' in --urls is not an address to listen on; write it as http://HOST:PORT, e.g. http://127.0.0.1:8080.")]
    public async Task An_address_the_simulator_cannot_listen_on_is_refused_in_one_line(string urls, string message)
    {
        var run = await RunAsync(["simulate", "--urls", urls]);

        AssertRefusedInOneLine(run, 2, message);
    }

    [Theory]
    [InlineData("--stored-responses", "0", "StoredResponses must be at least 1.")]
    [InlineData("--background-ms", "-1", "BackgroundMs must not be negative.")]
    [InlineData("--ttft-ms", "-5", "TimeToFirstTokenMs must not be negative.")]
    public async Task A_simulator_setting_out_of_range_is_refused_in_one_line(string option, string value, string message)
    {
        var run = await RunAsync(["simulate", "--urls", "http://127.0.0.1:0", option, value]);

        AssertRefusedInOneLine(run, 2, message);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("simulate")]
    public async Task A_port_in_use_is_refused_in_one_line(string command)
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)occupant.LocalEndpoint).Port}";
        using var data = new TemporaryDirectory();

        var run = await RunAsync(command == "serve" ? ["serve", "--urls", address, "--data-dir", data.Path] : ["simulate", "--urls", address], ProviderVariables());

        AssertRefusedInOneLine(run, 2, $"could not start: Failed to bind to address {address}: address already in use.");
    }

    [Fact]
    public async Task A_data_directory_whose_database_is_not_a_database_stops_the_gateway_in_one_line()
    {
        using var data = new TemporaryDirectory();
        var database = Path.Combine(data.Path, "tollgate.db");
        File.WriteAllText(database, "these bytes are not an SQLite database, not even its header");

        var run = await RunAsync(["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data-dir", data.Path], ProviderVariables());

        AssertRefusedInOneLine(run, 2, $"Cannot use the data directory '{data.Path}': {database}: SQLite Error 26: 'file is not a database'.");
    }

    [Fact]
    public async Task A_data_directory_that_is_a_file_stops_the_gateway_in_one_line()
    {
        using var data = new TemporaryDirectory();
        var file = Path.Combine(data.Path, "not-a-directory");
        File.WriteAllText(file, "a file");

        var run = await RunAsync(["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data-dir", file], ProviderVariables());

        AssertRefusedInOneLine(run, 2, $"Cannot use the data directory '{file}': The file '{file}' already exists.");
    }

    [Fact]
    public async Task Listing_keys_from_a_database_that_is_not_one_fails_in_one_line()
    {
        using var data = new TemporaryDirectory();
        var database = Path.Combine(data.Path, "tollgate.db");
        File.WriteAllText(database, "these bytes are not an SQLite database, not even its header");

        var run = await RunAsync(["keys", "list", "--data-dir", data.Path]);

        AssertRefusedInOneLine(run, 2, $"cannot open {database}: SQLite Error 26: 'file is not a database'.");
    }

    [Fact]
    public async Task A_kestrel_endpoint_from_the_environment_is_held_to_the_loopback_rule_too()
    {
        using var data = new TemporaryDirectory();
        var port = FreePort.Next();
        var environment = ProviderVariables();
        environment["Kestrel__Endpoints__public__Url"] = $"http://0.0.0.0:{port}";

        var run = await RunAsync(["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data-dir", data.Path], environment);

        AssertRefusedInOneLine(
            run,
            2,
            $"Refusing to listen on http://0.0.0.0:{port} without authentication: create a virtual key first ('tollgate keys create --name NAME'), " +
            "set Tollgate:Auth:UnauthenticatedLoopback to Never, or listen on a loopback address such as http://127.0.0.1:8080.");
    }

    [Fact]
    public async Task A_kestrel_endpoint_in_the_environment_is_the_gateways_and_not_the_built_in_simulators()
    {
        // The embedded simulator starts first: when it read Kestrel__* too, it took the gateway's endpoint.
        using var data = new TemporaryDirectory();
        var address = $"http://127.0.0.1:{FreePort.Next()}";
        await using var process = TollgateProcess.Start(["serve", "--urls", address, "--data-dir", data.Path], new Dictionary<string, string?> { ["Kestrel__Endpoints__main__Url"] = address });
        using var http = new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromSeconds(60) };

        await Poll.UntilAsync(async () => process.HasExited || await AnswersAsync(http), TimeSpan.FromSeconds(60), "the gateway to answer or exit");
        Assert.False(process.HasExited, process.Output);
        using var response = await http.SendAsync(Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{process.Output}");
        Assert.Equal("simulated", Wire.Parse(await http.GetStringAsync("healthz")).GetProperty("openai_provider").GetString());
    }

    private static async Task<bool> AnswersAsync(HttpClient http)
    {
        try
        {
            using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = await http.GetAsync("healthz", probe.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false; // not listening yet
        }
    }

    private static void AssertRefusedInOneLine((int ExitCode, string Output, string Errors) run, int exitCode, string message)
    {
        Assert.True(run.ExitCode == exitCode, $"exit code {run.ExitCode}. Output:\n{run.Output}");
        Assert.Equal("tollgate: " + message, run.Errors.TrimEnd());
        Assert.DoesNotContain("Tollgate listening", run.Output, StringComparison.Ordinal);
        Wire.AssertNoStackTrace(run.Output);
    }

    /// <summary>Runs a command to its end: a start refused exits at once, one that is not would never end.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using var process = TollgateProcess.Start(arguments, environment);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exitCode, process.Output, process.ErrorOutput);
    }

    private Dictionary<string, string?> ProviderVariables() => new()
    {
        ["OPENAI_BASE_URL"] = fixture.Simulator.OpenAIBaseUrl,
        ["ANTHROPIC_BASE_URL"] = fixture.Simulator.AnthropicBaseUrl,
    };
}
