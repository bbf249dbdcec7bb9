using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Protocols;
using Tollgate.Gateway.Relay;

namespace Tollgate.Benchmarks;

/// <summary>
/// What the response cache costs a request it may not answer (temperature 0.7): the cache and coalescing stages as a
/// started gateway registers them, composed as the pipeline composes them, over an HTTP exchange built as the edge
/// builds one, to a <c>next</c> that does nothing; against that <c>next</c> called directly. For information, what a
/// cacheable request pays to be decided before its lookup: the prompt's text, the personal-data scan and the key.
/// </summary>
[MemoryDiagnoser]
public class CacheStageBenchmarks
{
    private static readonly ExchangeHandler Nothing = static _ => ValueTask.CompletedTask;

    private static readonly CacheKeyContext KeyContext =
        new(CacheKeyScope.Key, CacheScope.UnauthenticatedLoopback, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, null, null);

    private string _directory = null!;
    private GatewayApplication _gateway = null!;
    private ExchangePipeline _stages = null!;
    private HttpExchange _sampled = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "tollgate-bench-" + Guid.NewGuid().ToString("N"));

        // Nothing reaches the provider: its address only has to be valid.
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = _directory,
            OpenAI = new ProviderOptions { ApiKey = "sk-bench", BaseUrl = "http://127.0.0.1:9/v1" },
        };
        _gateway = await GatewayApplication.StartAsync(options, logging => logging.ClearProviders()).ConfigureAwait(false);
        var registered = _gateway.Services.GetServices<IExchangeStage>().ToList();
        _stages = new ExchangePipeline([registered.Single(s => s.Name == "cache"), registered.Single(s => s.Name == "coalesce")]);

        var relay = _gateway.Services.GetRequiredService<ResponseRelay>();
        _sampled = new HttpExchange(new DefaultHttpContext(), relay, "req_bench", WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, "/v1/chat/completions", DateTimeOffset.UtcNow)
        {
            FromLoopback = true,
            RequestBody = Payloads.SampledChatRequest,
            Request = RequestReader.Read(Payloads.SampledChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts,
        };

        // The stages must let it through undecided, or this measures something else.
        await _stages.RunAsync(_sampled).ConfigureAwait(false);
        if (_sampled.Cache is not null || _sampled.CacheStatus != CacheStatuses.Bypass || _sampled.Request.Temperature != 0.7)
        {
            throw new InvalidOperationException("The temperature 0.7 request was not bypassed by the cache stage.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _gateway.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "next called directly")]
    public ValueTask Direct() => Nothing(_sampled);

    [Benchmark(Description = "cache + coalesce stages, temperature 0.7, then next")]
    public ValueTask NotCacheable() => _stages.RunAsync(_sampled);

    [Benchmark(Description = "cacheable miss, decision: prompt text, personal data, key (129 B)")]
    public CacheKey DecisionShort() => Decide(Payloads.DeterministicChatRequest);

    [Benchmark(Description = "cacheable miss, decision: prompt text, personal data, key (4 KB, 21 messages + tools)")]
    public CacheKey DecisionLarge() => Decide(Payloads.LargeChatRequest);

    [Benchmark(Description = "key only (129 B)")]
    public CacheKey KeyShort() => CacheKey.Compute(Payloads.DeterministicChatRequest, KeyContext).Key;

    [Benchmark(Description = "key only (4 KB)")]
    public CacheKey KeyLarge() => CacheKey.Compute(Payloads.LargeChatRequest, KeyContext).Key;

    /// <summary>What the cache stage does for a cacheable request before it looks the key up.</summary>
    private static CacheKey Decide(byte[] body)
    {
        var prompt = PromptText.Of(body);
        return PersonalData.Find(prompt) is null ? CacheKey.Compute(body, KeyContext).Key : default;
    }
}
