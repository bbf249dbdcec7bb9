using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Metrics;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Metrics;

/// <summary>
/// OpenTelemetry as an exporter sees it (the SDK's in-memory exporter in the gateway's own container): one span per
/// request named and tagged by the GenAI semantic conventions, and the GenAI token and duration histograms, all agreeing
/// with the request's ledger row.
/// </summary>
public sealed class GenAiTelemetryTests : IAsyncLifetime
{
    // A model no other test asks for: the meters and the activity source are seen process-wide.
    private const string Model = "gpt-4-0125-preview";

    private readonly TemporaryDirectory _data = new();
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private GatewayApplication _gateway = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayApplication.StartAsync(
            new GatewayOptions { Urls = "http://127.0.0.1:0", DataDirectory = _data.Path },
            logging => logging.ClearProviders(),
            services => services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddSource(GenAiTelemetry.SourceName).AddInMemoryExporter(_spans))
                .WithMetrics(metrics => metrics.AddMeter(GenAiTelemetry.MeterName).AddInMemoryExporter(_metrics)));
        _http = new HttpClient { BaseAddress = _gateway.Addresses[0] };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_request_is_one_span_and_token_usage_in_the_genai_conventions()
    {
        using var content = new StringContent($$"""{"model":"{{Model}}","max_tokens":30,"messages":[{"role":"user","content":"Name three rivers."}]}""", MediaTypeHeaderValue.Parse("application/json"));
        using var response = await _http.PostAsync("v1/chat/completions", content);
        response.EnsureSuccessStatusCode();
        var requestId = response.Headers.GetValues("x-tollgate-request-id").Single();
        var entry = (await _gateway.Services.GetRequiredService<ILedgerStore>().GetAsync(requestId))!;

        Activity span;
        lock (_spans)
        {
            span = Assert.Single(_spans, activity => (string?)activity.GetTagItem("tollgate.request_id") == requestId);
        }

        Assert.Equal($"chat {Model}", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("simulated", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(Model, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(entry.ServedModel, span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(entry.InputTokens, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(entry.OutputTokens, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(entry.Timestamp.UtcDateTime, span.StartTimeUtc);

        _gateway.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var usage = TokenUsage(Model);
        Assert.Equal((entry.InputTokens, entry.OutputTokens), (usage["input"], usage["output"]));
        Assert.Contains(_metrics, metric => metric.Name == GenAiTelemetry.OperationDurationName && metric.Unit == "s");
    }

    /// <summary>The sums of <c>gen_ai.client.token.usage</c> for <paramref name="model"/>, by <c>gen_ai.token.type</c>.</summary>
    private Dictionary<string, long> TokenUsage(string model)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var metric in _metrics.Where(metric => metric.Name == GenAiTelemetry.TokenUsageName))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                string? type = null, requested = null;
                foreach (var tag in point.Tags)
                {
                    type = tag.Key == "gen_ai.token.type" ? (string?)tag.Value : type;
                    requested = tag.Key == "gen_ai.request.model" ? (string?)tag.Value : requested;
                }

                if (requested == model && type is not null)
                {
                    sums[type] = (long)point.GetHistogramSum();
                }
            }
        }

        return sums;
    }
}
