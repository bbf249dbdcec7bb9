using System.Diagnostics;
using System.Net;
using System.Text;
using Tollgate.Providers.Simulation;

namespace Tollgate.Providers.Tests.Simulation;

public sealed class SimulatorOptionsTests
{
    private static StringContent Chat() => new("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");

    [Fact]
    public void Options_are_read_from_command_line_arguments_and_unknown_ones_are_ignored()
    {
        var options = SimulatorOptions.FromArgs(["--urls", "http://127.0.0.1:9000", "--ttft-ms", "200", "--tokens-per-second", "50", "--fault-429", "0.25", "--retry-after", "3", "--seed", "7"]);

        Assert.Equal(200, options.TimeToFirstTokenMs);
        Assert.Equal(50, options.TokensPerSecond);
        Assert.Equal(0.25, options.FaultRates.RateLimited);
        Assert.Equal(3, options.RetryAfterSeconds);
        Assert.Equal(7, options.Seed);
    }

    [Fact]
    public void Prompt_cache_options_are_read_from_command_line_arguments_with_defaults_when_absent()
    {
        var defaults = SimulatorOptions.FromArgs([]);
        var options = SimulatorOptions.FromArgs(["--prompt-cache-entries", "0", "--openai-cache-idle-seconds", "600"]);

        Assert.Equal((10_000, 300), (defaults.PromptCacheEntries, defaults.OpenAIPromptCacheIdleSeconds));
        Assert.Equal((0, 600), (options.PromptCacheEntries, options.OpenAIPromptCacheIdleSeconds));
    }

    [Theory]
    [InlineData("--prompt-cache-entries", "-1")]
    [InlineData("--openai-cache-idle-seconds", "0")]
    public void Out_of_range_prompt_cache_options_are_refused(string name, string value)
    {
        Assert.Throws<ArgumentException>(() => SimulatorOptions.FromArgs([name, value]));
    }

    [Fact]
    public void Record_bodies_is_off_unless_asked_for()
    {
        Assert.False(SimulatorOptions.FromArgs([]).RecordBodies);
        Assert.True(SimulatorOptions.FromArgs(["--record-bodies"]).RecordBodies);
    }

    [Fact]
    public async Task A_simulator_that_records_bodies_logs_each_raw_body_byte_for_byte()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { RecordBodies = true }, "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        const string body = "{ \"model\":\"gpt-4o\",  \"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9 <b>\"}], \"x_unknown\": [1, 2.50] }";
        const string malformed = "{\"model\":";

        using (await http.PostAsync("v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json")))
        {
        }

        using (await http.PostAsync("v1/messages", new StringContent(malformed, Encoding.UTF8, "application/json")))
        {
        }

        var requests = host.GetRequests();
        Assert.Equal(body, requests[0].Body);
        Assert.Equal(malformed, requests[1].Body);
        var json = await http.GetStringAsync("_simulator/requests");
        using var log = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(body, log.RootElement[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_simulator_that_does_not_record_bodies_logs_none()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions(), "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using (await http.PostAsync("v1/chat/completions", Chat()))
        {
        }

        Assert.Null(Assert.Single(host.GetRequests()).Body);
        Assert.DoesNotContain("\"body\"", await http.GetStringAsync("_simulator/requests"), StringComparison.Ordinal);
    }

    [Fact]
    public void Fault_rates_that_sum_above_one_are_rejected()
    {
        var options = new SimulatorOptions { FaultRates = { RateLimited = 0.7, ServerError = 0.7 } };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public async Task A_configured_fault_rate_of_one_fails_every_call_with_the_configured_retry_after()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { RetryAfterSeconds = 4, FaultRates = { RateLimited = 1 } }, "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync("v1/chat/completions", Chat());
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(4), response.Headers.RetryAfter!.Delta);
        }
    }

    [Fact]
    public async Task Time_to_first_token_delays_the_answer()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { TimeToFirstTokenMs = 150 }, "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using (await http.PostAsync("v1/chat/completions", Chat()))
        {
        }

        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync("v1/chat/completions", Chat());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.ElapsedMilliseconds >= 140, $"answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task The_host_resolves_port_zero_to_a_real_port()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions(), "http://127.0.0.1:0");

        Assert.NotEqual(0, host.BaseAddress.Port);
        Assert.EndsWith("/", host.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
    }
}
