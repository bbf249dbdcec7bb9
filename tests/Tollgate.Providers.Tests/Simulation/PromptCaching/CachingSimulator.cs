using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Providers.Simulation;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

/// <summary>A simulator of its own (so its prompt caches start empty) on a clock the test moves.</summary>
internal sealed class CachingSimulator : IAsyncDisposable
{
    private CachingSimulator(SimulatorHost host, FakeTimeProvider time)
    {
        Host = host;
        Time = time;
        Http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public SimulatorHost Host { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<CachingSimulator> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new SimulatorOptions { TimeProvider = time };
        configure?.Invoke(options);
        return new CachingSimulator(await SimulatorHost.StartAsync(options, "http://127.0.0.1:0"), time);
    }

    /// <summary>Posts a JSON body and returns the status and the parsed answer.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, JsonNode body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Posts a JSON body that must succeed and returns the answer's <c>usage</c>.</summary>
    public async Task<JsonElement> UsageAsync(string path, JsonNode body)
    {
        var (status, answer) = await PostAsync(path, body);
        Assert.True(status == 200, $"status {status}: {answer}");
        return answer.GetProperty("usage");
    }

    /// <summary>Posts a streamed body and returns the <c>data</c> of every event, parsed, in order.</summary>
    public async Task<IReadOnlyList<JsonElement>> StreamAsync(string path, JsonNode body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        Assert.Equal(200, (int)response.StatusCode);
        var events = new List<JsonElement>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                events.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            }
        }

        return events;
    }

    /// <summary>What <c>count_tokens</c> says a messages body counts: the prompt tokens the simulator reports for it.</summary>
    public async Task<long> CountTokensAsync(JsonNode body)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove("max_tokens");
        copy.Remove("stream");
        var (status, answer) = await PostAsync("v1/messages/count_tokens", copy);
        Assert.Equal(200, status);
        return answer.GetProperty("input_tokens").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
