using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.Budgets;
using Tollgate.Gateway.Protocols.Answers;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// The response cache in the request path. Decides whether a request is cacheable (its feature's policy, its
/// <c>cache-control</c>, personal data in its text), computes its key, answers a hit from the store in the form the
/// request asks for (whole or streamed, whichever form was stored), and on a miss records the provider's answer for the
/// <see cref="CacheWriter"/>. After an exact miss, a request the <see cref="SemanticGate"/> admits is looked up by the
/// meaning of its last user message in its partition (everything else in it, matched exactly); a match whose entry is
/// still stored answers the same way. A request that is not cacheable (temperature 0.7, say) costs a few field reads
/// here. A store or an embedder that fails is a miss, never a failed request.
/// </summary>
internal sealed partial class CacheStage : IExchangeStage
{
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly ICacheStore _store;
    private readonly CacheWriter _writer;
    private readonly ModelSnapshots _snapshots;
    private readonly SemanticCaching _semantic;
    private readonly TimeProvider _time;
    private readonly CacheChargeback _chargeback;
    private readonly ILogger<CacheStage> _logger;
    private CacheSettings? _settings;

    public CacheStage(IOptionsMonitor<GatewayOptions> options, ICacheStore store, CacheWriter writer, ModelSnapshots snapshots, SemanticCaching semantic, TimeProvider time, CacheChargeback chargeback, ILogger<CacheStage> logger)
    {
        _chargeback = chargeback;
        _options = options;
        _semantic = semantic;
        _store = store;
        _writer = writer;
        _snapshots = snapshots;
        _time = time;
        _logger = logger;
    }

    public string Name => "cache";

    public ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        exchange.CacheStatus = CacheStatuses.Bypass;
        if (exchange.Operation is not (ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses))
        {
            return next(exchange);
        }

        var settings = Settings();
        if (!settings.Enabled)
        {
            return next(exchange);
        }

        var feature = settings.For(exchange.Feature);
        if (feature.Policy == CachePolicy.Never
            || (feature.Policy == CachePolicy.Deterministic && !IsDeterministic(exchange.Request)))
        {
            return next(exchange);
        }

        var directives = CacheControlDirectives.Parse(exchange.Hints.CacheControl);
        return directives.NoStore ? next(exchange) : CacheAsync(exchange, next, settings, feature, directives);
    }

    /// <summary>An answer that does not depend on chance: an explicit temperature of 0, or sampling from the one likeliest token.</summary>
    private static bool IsDeterministic(in RequestFacts request) => request.Temperature == 0 || request.TopK == 1;

    private async ValueTask CacheAsync(ExchangeContext exchange, ExchangeHandler next, CacheSettings settings, FeatureCacheSettings feature, CacheControlDirectives directives)
    {
        var prompt = PromptText.Of(exchange.RequestBody.Span);
        if (!feature.AllowPersonalData && PersonalData.Find(prompt) is not null)
        {
            await next(exchange).ConfigureAwait(false);
            return;
        }

        var (kind, value, label) = CacheScope.Of(settings.Scope, exchange);
        var context = new CacheKeyContext(kind, value, exchange.Protocol, exchange.Operation, exchange.Hints.PromptVersion, feature.Fingerprint);
        var computed = CacheKey.Compute(exchange.RequestBody.Span, context);
        if (!computed.IsComputed)
        {
            await next(exchange).ConfigureAwait(false);
            return;
        }

        var decision = new CacheDecision { Key = computed.Key, Scope = label, Lookup = !directives.NoCache };
        exchange.Cache = decision;
        exchange.CacheStatus = CacheStatuses.Miss;
        if (decision.Lookup && await LookupAsync(exchange, decision, directives).ConfigureAwait(false) is { } hit)
        {
            exchange.CacheStatus = CacheStatuses.Hit;
            using (hit)
            {
                await AnswerAsync(exchange, hit, Levers.Exact).ConfigureAwait(false);
            }

            return;
        }

        SemanticRecording? semantic = null;
        if (decision.Lookup && settings.SemanticEnabled && SemanticGate.TryAdmit(exchange, feature, out var message))
        {
            var partition = CacheKey.ComputePartition(exchange.RequestBody.Span, context, message);
            if (partition.IsComputed)
            {
                var (answer, similarity, embedded) = await SemanticLookupAsync(exchange, decision, directives, feature, partition.Key, message.Text).ConfigureAwait(false);
                if (answer is not null)
                {
                    exchange.CacheStatus = CacheStatuses.SemanticHit;
                    exchange.Similarity = similarity;
                    using (answer)
                    {
                        await AnswerAsync(exchange, answer, Levers.Semantic).ConfigureAwait(false);
                    }

                    return;
                }

                semantic = embedded;
            }
        }

        exchange.AddAnswerInterceptor(new AnswerRecorder(_writer, decision, feature, settings.TimeZone, prompt, semantic));
        await next(exchange).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers from the cache, by <paramref name="lever"/>; with chargeback on, once the hit's baseline is held against
    /// its budgets (refused with 402 when it does not fit: the row is then no lever's answer).
    /// </summary>
    private async ValueTask AnswerAsync(ExchangeContext exchange, StoredAnswer hit, string lever)
    {
        if (!await _chargeback.TryHoldHitAsync(exchange, hit).ConfigureAwait(false))
        {
            return;
        }

        exchange.AnsweredBy = lever;
        try
        {
            await exchange.RespondAsync(hit).ConfigureAwait(false);
        }
        finally
        {
            await _chargeback.CompleteAsync(exchange).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Embeds <paramref name="text"/> (once: on a miss the same vector is stored and indexed with the answer) and looks it
    /// up in <paramref name="partition"/>. A match whose entry is gone from the store (expired, purged) is forgotten and
    /// missed; an embedder that fails is a miss with nothing to remember.
    /// </summary>
    private async ValueTask<(StoredAnswer? Answer, double Similarity, SemanticRecording? Recording)> SemanticLookupAsync(
        ExchangeContext exchange, CacheDecision decision, CacheControlDirectives directives, FeatureCacheSettings feature, CacheKey partition, string text)
    {
        Semantic.SemanticCache cache;
        Semantic.SemanticLookup lookup;
        try
        {
            var embedded = await _semantic.EmbedAsync(exchange, text).ConfigureAwait(false);
            cache = _semantic.Cache;
            lookup = cache.Find(partition, embedded, SemanticGate.Threshold(exchange, feature, cache.DefaultThreshold));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !exchange.Aborted.IsCancellationRequested)
        {
            LogEmbeddingFailed(_logger, exception, exchange.RequestId);
            return (null, 0, null);
        }

        var recording = new SemanticRecording(partition, lookup.Prompt);
        if (lookup.Match is not { } match)
        {
            return (null, 0, recording);
        }

        var entry = await GetAsync(exchange, match.EntryKey).ConfigureAwait(false);
        if (entry is null)
        {
            cache.Forget(match.EntryKey);
            return (null, 0, recording);
        }

        var answer = Servable(exchange, decision, directives, entry);
        return (answer, answer is null ? 0 : Math.Round(match.Similarity, 4), recording);
    }

    /// <summary>The stored answer for <paramref name="decision"/>'s key in the form the request asks for, or null for a miss.</summary>
    private async ValueTask<StoredAnswer?> LookupAsync(ExchangeContext exchange, CacheDecision decision, CacheControlDirectives directives) =>
        await GetAsync(exchange, decision.Key).ConfigureAwait(false) is { } entry ? Servable(exchange, decision, directives, entry) : null;

    /// <summary>The live entry under <paramref name="key"/>, or null when there is none or the store fails.</summary>
    private async ValueTask<CacheEntry?> GetAsync(ExchangeContext exchange, CacheKey key)
    {
        try
        {
            // An answer recorded a moment ago may still be on its way to the store.
            return await _store.GetAsync(key, exchange.Aborted).ConfigureAwait(false) ?? _writer.Pending(key);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !exchange.Aborted.IsCancellationRequested)
        {
            LogLookupFailed(_logger, exception, exchange.RequestId);
            return null;
        }
    }

    /// <summary><paramref name="entry"/> in the form the request asks for, or null when it may not answer it.</summary>
    private StoredAnswer? Servable(ExchangeContext exchange, CacheDecision decision, CacheControlDirectives directives, CacheEntry entry)
    {
        if (entry.Protocol != exchange.Protocol
            || !string.Equals(entry.Scope, decision.Scope, StringComparison.Ordinal)
            || (directives.MaxAgeSeconds is { } maxAge && (_time.GetUtcNow() - entry.CreatedAt).TotalSeconds > maxAge))
        {
            return null;
        }

        // The provider moved the model to another snapshot since this answer was made: it is not the answer it gives now.
        if (_snapshots.Latest(exchange.Protocol, exchange.Request.Model) is { } latest && !string.Equals(latest, entry.Model, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return InRequestedForm(exchange, entry);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            LogUnservable(_logger, exception, exchange.RequestId);
            return null;
        }
    }

    /// <summary>
    /// The entry as the request wants it: a stream for a stream request, a whole body otherwise, converted when the entry
    /// was stored in the other form. A chat stream is kept (and made) with its usage chunk; the relay removes it for a
    /// client that did not ask for usage, as it does for a live stream.
    /// </summary>
    private static StoredAnswer InRequestedForm(ExchangeContext exchange, CacheEntry entry)
    {
        if (!exchange.Request.Stream)
        {
            return entry.IsEventStream
                ? new StoredAnswer(entry.Status, entry.Protocol, AnswerForms.ToBody(exchange.Operation, entry.Events!), isEventStream: false)
                : entry.ToAnswer();
        }

        var answer = entry.IsEventStream
            ? entry.ToAnswer()
            : new StoredAnswer(entry.Status, entry.Protocol, AnswerForms.ToEventStream(exchange.Operation, entry.Body.Span), isEventStream: true);
        if (exchange.Operation == ExchangeOperation.ChatCompletions)
        {
            exchange.StreamUsageAddedByGateway = !exchange.Request.ClientIncludesUsage;
        }

        return answer;
    }

    /// <summary>The settings of the options in force, made again only when a reload brought new options.</summary>
    private CacheSettings Settings()
    {
        var options = _options.CurrentValue;
        var settings = _settings;
        if (settings is null || !ReferenceEquals(settings.Source, options))
        {
            settings = CacheSettings.From(options);
            _settings = settings;
        }

        return settings;
    }

    [LoggerMessage(EventId = 150, Level = LogLevel.Warning, Message = "Response cache: the lookup for request {RequestId} failed; it goes to the provider.")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 155, Level = LogLevel.Warning, Message = "Semantic cache: embedding the message of request {RequestId} failed; it goes to the provider.")]
    private static partial void LogEmbeddingFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 154, Level = LogLevel.Warning, Message = "Response cache: the stored answer for request {RequestId} could not be put in the form it asks for; it goes to the provider.")]
    private static partial void LogUnservable(ILogger logger, Exception exception, string requestId);
}
