using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Tollgate.Core.Alerts;

namespace Tollgate.Gateway.Alerts;

/// <summary>
/// POSTs an alert to one webhook, signed (<see cref="WebhookSignature"/>), and retries a timeout, a failed connection,
/// a 408, a 429 or a 5xx with exponential backoff and jitter (Polly's retry, as
/// <see cref="HttpRetryStrategyOptions"/> classifies HTTP failures), honouring the receiver's <c>retry-after</c>, until
/// <see cref="AlertOptions.MaxAttempts"/>. Each attempt is signed anew with its own timestamp, so a receiver that
/// refuses old timestamps accepts a late retry. Redirects are not followed: a signed POST goes where it was configured to.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new("Tollgate", "1");

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public WebhookSender(TimeProvider time)
        : this(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, time)
    {
    }

    internal WebhookSender(HttpMessageHandler handler, TimeProvider time)
    {
        _time = time;

        // Each attempt has its own timeout (below); the client's own would cut a retry-after wait short.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Delivers <paramref name="body"/> (the alert's JSON) to the webhook. Never throws but for
    /// <paramref name="abandon"/>: then the delivery returns as <see cref="AlertDeliveryState.Pending"/> with the
    /// attempts made, to be tried again at the next start.
    /// </summary>
    /// <param name="alertId">Sent as <c>x-tollgate-alert-id</c>.</param>
    /// <param name="body">The alert's JSON, sent as it is and signed.</param>
    /// <param name="webhook">Where to, and the secret to sign with.</param>
    /// <param name="settings">How many attempts, how far apart, how long each may take.</param>
    /// <param name="priorAttempts">Attempts made before a restart; counted on, and against the limit.</param>
    /// <param name="abandon">Cancelled when a stop can wait no longer.</param>
    public async Task<AlertDelivery> DeliverAsync(string alertId, byte[] body, AlertWebhookOptions webhook, AlertOptions settings, int priorAttempts, CancellationToken abandon)
    {
        var url = new Uri(webhook.Url!, UriKind.Absolute);
        var secret = webhook.Secret!;
        var attempts = priorAttempts;
        int? lastStatus = null;
        string? lastError = null;
        var remaining = Math.Max(1, settings.MaxAttempts - priorAttempts);
        var pipeline = BuildPipeline(settings, remaining);
        try
        {
            using var response = await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    lastStatus = null;
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                    var timestamp = WebhookSignature.Timestamp(_time.GetUtcNow());
                    request.Content.Headers.ContentType = Json;
                    request.Headers.UserAgent.Add(UserAgent);
                    request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
                    request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
                    request.Headers.Add(WebhookSignature.AlertIdHeader, alertId);
                    try
                    {
                        var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                        lastStatus = (int)answer.StatusCode;
                        lastError = answer.IsSuccessStatusCode ? null : $"HTTP {lastStatus}";
                        return answer;
                    }
                    catch (HttpRequestException exception)
                    {
                        // The kind of failure only: the exception's message may quote the URL, which may carry a token.
                        lastError = $"no answer ({exception.HttpRequestError})";
                        throw;
                    }
                    catch (OperationCanceledException) when (!abandon.IsCancellationRequested)
                    {
                        lastError = $"no answer within {settings.AttemptTimeoutSeconds} s";
                        throw;
                    }
                },
                abandon).ConfigureAwait(false);
            return Result(response.IsSuccessStatusCode ? AlertDeliveryState.Delivered : AlertDeliveryState.Failed);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            return Result(AlertDeliveryState.Pending);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException)
        {
            return Result(AlertDeliveryState.Failed);
        }

        AlertDelivery Result(AlertDeliveryState state) => new(webhook.EffectiveName, state, attempts, lastStatus, lastError, _time.GetUtcNow());
    }

    public void Dispose() => _http.Dispose();

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(AlertOptions settings, int attempts)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (attempts > 1)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(settings.RetryDelaySeconds),
                MaxDelay = AlertOptions.MaxRetryDelay,
                ShouldRetryAfterHeader = false, // read below, and bounded
                DelayGenerator = RetryAfter,
            });
        }

        return builder.AddTimeout(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds)).Build();
    }

    /// <summary>The receiver's <c>retry-after</c>, at most <see cref="AlertOptions.MaxRetryDelay"/>; null (the backoff) without one.</summary>
    private ValueTask<TimeSpan?> RetryAfter(RetryDelayGeneratorArguments<HttpResponseMessage> arguments)
    {
        if (arguments.Outcome.Result?.Headers.RetryAfter is not { } retryAfter)
        {
            return ValueTask.FromResult<TimeSpan?>(null);
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - _time.GetUtcNow() : TimeSpan.Zero);
        return ValueTask.FromResult<TimeSpan?>(delay < TimeSpan.Zero ? TimeSpan.Zero : delay > AlertOptions.MaxRetryDelay ? AlertOptions.MaxRetryDelay : delay);
    }
}
