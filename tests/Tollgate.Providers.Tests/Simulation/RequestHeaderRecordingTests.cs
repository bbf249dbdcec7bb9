using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Providers.Simulation;

namespace Tollgate.Providers.Tests.Simulation;

public sealed class RequestHeaderRecordingTests
{
    [Fact]
    public void Recording_headers_and_a_close_delay_are_off_unless_asked_for()
    {
        var defaults = SimulatorOptions.FromArgs([]);
        var asked = SimulatorOptions.FromArgs(["--record-headers", "--close-delay-ms", "250"]);

        Assert.False(defaults.RecordHeaders);
        Assert.Equal(0, defaults.CloseDelayMs);
        Assert.True(asked.RecordHeaders);
        Assert.Equal(250, asked.CloseDelayMs);
        Assert.Throws<ArgumentException>(() => SimulatorOptions.FromArgs(["--close-delay-ms", "-1"]));
    }

    [Fact]
    public async Task A_simulator_that_records_headers_logs_credentials_only_as_fingerprints()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { RecordHeaders = true }, "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var openAI = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        openAI.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-secret-one");
        openAI.Headers.Add("OpenAI-Organization", "org-123");
        using var anthropic = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent("""{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        anthropic.Headers.Add("x-api-key", "sk-ant-secret-two");
        anthropic.Headers.Add("anthropic-version", "2023-06-01");

        using (await http.SendAsync(openAI))
        using (await http.SendAsync(anthropic))
        {
        }

        var requests = host.GetRequests();
        // sha256("sk-secret-one") and sha256("sk-ant-secret-two"), first 8 bytes, as printed by `printf %s … | sha256sum`.
        Assert.Equal("Bearer sha256:" + Sha256Prefix("sk-secret-one"), requests[0].Credentials!["authorization"]);
        Assert.Equal("org-123", requests[0].Headers!["openai-organization"]);
        Assert.Equal("sha256:" + Sha256Prefix("sk-ant-secret-two"), requests[1].Credentials!["x-api-key"]);
        Assert.Equal("2023-06-01", requests[1].Headers!["anthropic-version"]);
        var log = await http.GetStringAsync("_simulator/requests");
        Assert.DoesNotContain("sk-secret-one", log, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-secret-two", log, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(log);
        Assert.Equal(requests[0].Credentials!["authorization"], document.RootElement[0].GetProperty("credentials").GetProperty("authorization").GetString());
    }

    [Fact]
    public async Task The_in_flight_count_covers_calls_from_arrival_to_their_end()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { TimeToFirstTokenMs = 2000 }, "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var slow = http.PostAsync("v1/chat/completions", new StringContent("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        var during = await InFlightWhenAsync(http, count => count == 1);
        using (await slow)
        {
        }

        var after = await InFlightWhenAsync(http, count => count == 0);
        Assert.Equal(1, during);
        Assert.Equal(0, after);
    }

    private static async Task<int> InFlightWhenAsync(HttpClient http, Func<int, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(SimulatorEndpoints.InFlightPath.TrimStart('/')));
            var count = document.RootElement.GetProperty("in_flight").GetInt32();
            if (condition(count) || DateTime.UtcNow > deadline)
            {
                return count;
            }

            await Task.Delay(20);
        }
    }

    private static string Sha256Prefix(string secret) => secret switch
    {
        "sk-secret-one" => "1ae59d2920b5a989",
        "sk-ant-secret-two" => "bf389f46d91cf556",
        _ => throw new ArgumentOutOfRangeException(nameof(secret)),
    };
}
