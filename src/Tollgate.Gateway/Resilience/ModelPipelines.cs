using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;
using Tollgate.Gateway.Pipeline;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Resilience;

/// <summary>
/// One Polly pipeline per provider and model (a <see cref="ResiliencePipelineRegistry{TKey}"/>, kept for the life of
/// the gateway): retries (outermost), the model's circuit breaker, and the attempt timeout (innermost), so the
/// breaker counts every attempt and a retry that meets an open breaker stops at once. What an attempt is, how long it
/// may wait and whether another is worth its wait is the exchange's (<see cref="CallAttempts"/>, carried in the
/// pipeline's context); the breaker's state is the model's, shared by every exchange.
/// </summary>
internal sealed class ModelPipelines : IDisposable
{
    private static readonly ResiliencePropertyKey<CallAttempts> AttemptsKey = new("tollgate.call-attempts");
    private readonly ResiliencePipelineRegistry<ModelPipelineKey> _registry;
    private readonly Action<ResiliencePipelineBuilder<ProviderResponse>, ConfigureBuilderContext<ModelPipelineKey>> _configure;
    private readonly TimeProvider _time;

    public ModelPipelines(TimeProvider time)
    {
        _time = time;
        _registry = new ResiliencePipelineRegistry<ModelPipelineKey>();
        _configure = Configure;
    }

    /// <summary>
    /// Runs <paramref name="attempts"/>' current target through its model's pipeline: every attempt sent, retried while
    /// the exchange's rules allow. The outcome is the last attempt's answer, or what stopped it (a timeout, a broken
    /// connection, <see cref="BrokenCircuitException"/> when the breaker is open, the exchange's own cancellation).
    /// </summary>
    public async ValueTask<Outcome<ProviderResponse>> RunAsync(CallAttempts attempts, CancellationToken cancellationToken)
    {
        var target = attempts.Target;
        var pipeline = _registry.GetOrAddPipeline(ModelPipelineKey.Of(target.Client.Name, target.Model, attempts.Settings), _configure);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptsKey, attempts);
        try
        {
            return await pipeline.ExecuteOutcomeAsync(static (context, attempts) => attempts.SendAsync(context.CancellationToken), context, attempts).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose() => _registry.Dispose();

    private static CallAttempts Of(ResilienceContext context) => context.Properties.GetValue(AttemptsKey, null!);

    private void Configure(ResiliencePipelineBuilder<ProviderResponse> builder, ConfigureBuilderContext<ModelPipelineKey> context)
    {
        var key = context.PipelineKey;
        builder.TimeProvider = _time;
        if (key.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ProviderResponse>
            {
                MaxRetryAttempts = key.MaxRetries,
                ShouldHandle = static args => ValueTask.FromResult(Of(args.Context).ShouldRetry(args.Outcome, args.AttemptNumber)),
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(Of(args.Context).PlannedWait),
                OnRetry = static args =>
                {
                    Of(args.Context).OnRetry(args.Outcome, args.RetryDelay);
                    return default;
                },
            });
        }

        if (key.BreakerEnabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<ProviderResponse>
            {
                FailureRatio = key.FailureRatio,
                MinimumThroughput = key.MinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(key.SamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(key.BreakSeconds),
                ShouldHandle = static args => ValueTask.FromResult(AttemptOutcomes.CountsAgainstModel(args.Outcome)),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = static args => ValueTask.FromResult(Of(args.Context).AttemptTimeout),
        });
    }
}
