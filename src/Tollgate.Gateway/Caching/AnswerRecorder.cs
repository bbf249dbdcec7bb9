using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Registered by the cache stage on a miss it may store: records a successful provider answer as the relay reads it,
/// and once the answer has been read to its end (whether or not its client stayed for all of it), hands a copy to the
/// <see cref="CacheWriter"/>, which judges and stores it off the response's path. Answers made without a provider
/// call (a coalesced waiter's) are already someone's recording and pass untouched, and so do answers a budget degraded
/// to a cheaper model (the key is the request's as sent, computed before the route stage). An answer that failed its
/// JSON Schema is relayed and not stored.
/// </summary>
internal sealed class AnswerRecorder : IAnswerInterceptor
{
    /// <summary>Larger answers are relayed but not stored.</summary>
    public const int MaxRecordedBytes = 8 * 1024 * 1024;

    private readonly CacheWriter _writer;
    private readonly CacheDecision _decision;
    private readonly FeatureCacheSettings _feature;
    private readonly TimeZoneInfo _timeZone;
    private readonly string _prompt;
    private readonly SemanticRecording? _semantic;

    public AnswerRecorder(CacheWriter writer, CacheDecision decision, FeatureCacheSettings feature, TimeZoneInfo timeZone, string prompt, SemanticRecording? semantic = null)
    {
        _semantic = semantic;
        _writer = writer;
        _decision = decision;
        _feature = feature;
        _timeZone = timeZone;
        _prompt = prompt;
    }

    public async ValueTask RespondAsync(ExchangeContext exchange, ExchangeAnswer answer, AnswerWriter next, CancellationToken cancellationToken)
    {
        // A budget's degrade depends on the spend of the moment, and a fallback on a failure of the moment, not on the
        // request: their answers are not the one the key stands for.
        if (answer.Status is < 200 or >= 300 || exchange.AnsweredBy is not null || exchange.Routing is { Lever: Levers.Degrade } || exchange.Fallback is not null)
        {
            await next(answer, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var recording = new RecordingAnswer(answer, MaxRecordedBytes);
        try
        {
            await next(recording, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (recording.Recording is { } stream)
            {
                var bytes = stream.TakeCopy();
                stream.Release();

                // An answer that failed the JSON Schema its request asked for is not kept: served again from the cache it
                // would take the place of the valid answer a fresh call (and the call stage's asking again) may give.
                if (bytes is not null && exchange.OutputValid is not false)
                {
                    _writer.Enqueue(new RecordedAnswer(
                        _decision.Key,
                        _decision.Scope,
                        exchange.Feature,
                        exchange.ServedModel ?? exchange.Request.Model ?? "unknown",
                        answer.Protocol,
                        exchange.Operation,
                        answer.Status,
                        answer.IsEventStream,
                        bytes,
                        _prompt,
                        _feature.Ttl,
                        _timeZone,
                        _semantic));
                }
            }
        }
    }
}
