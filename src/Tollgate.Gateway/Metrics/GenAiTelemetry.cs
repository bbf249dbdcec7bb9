using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// OpenTelemetry's view of each settled request, in the GenAI semantic conventions: a span on the activity source
/// <see cref="SourceName"/> (named <c>{gen_ai.operation.name} {gen_ai.request.model}</c>, from the request's arrival to
/// its last byte, with <c>gen_ai.provider.name</c>, <c>gen_ai.request.model</c>, <c>gen_ai.response.model</c>,
/// <c>gen_ai.usage.input_tokens</c>, <c>gen_ai.usage.output_tokens</c>, <c>error.type</c> and Tollgate's own cost and
/// cache outcome), and the histograms <c>gen_ai.client.token.usage</c> and <c>gen_ai.client.operation.duration</c> on
/// the meter <see cref="MeterName"/>. Nothing is made unless something listens (an exporter, a test's listener).
/// </summary>
internal sealed class GenAiTelemetry
{
    /// <summary>The activity source of the request spans.</summary>
    public const string SourceName = "Tollgate.Gateway";

    /// <summary>The meter of the GenAI instruments.</summary>
    public const string MeterName = "Tollgate.Gateway.GenAI";

    public const string TokenUsageName = "gen_ai.client.token.usage";
    public const string OperationDurationName = "gen_ai.client.operation.duration";

    private static readonly ActivitySource Source = new(SourceName);

    // The buckets the conventions advise for these two histograms.
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private readonly Histogram<long> _tokenUsage;
    private readonly Histogram<double> _operationDuration;

    public GenAiTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _tokenUsage = meter.CreateHistogram(TokenUsageName, "{token}", "Number of input and output tokens used.", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _operationDuration = meter.CreateHistogram(OperationDurationName, "s", "GenAI operation duration.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Whether anything listens; when not, recording costs nothing more than this check.</summary>
    public bool Enabled => Source.HasListeners() || _tokenUsage.Enabled || _operationDuration.Enabled;

    /// <summary>The GenAI operation of a Tollgate operation (<c>chat</c>, <c>embeddings</c>, else Tollgate's own word).</summary>
    public static string OperationName(ExchangeOperation operation) => operation switch
    {
        ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses => "chat",
        ExchangeOperation.Embeddings => "embeddings",
        ExchangeOperation.CountTokens or ExchangeOperation.ResponsesInputTokens => "count_tokens",
        _ => "other",
    };

    /// <summary>Records the span and the instruments of one settled request.</summary>
    public void Record(ExchangeContext exchange, LedgerEntry entry)
    {
        var operation = OperationName(exchange.Operation);
        var requestModel = entry.RequestedModel ?? entry.ServedModel;
        var tags = new TagList
        {
            { "gen_ai.operation.name", operation },
            { "gen_ai.provider.name", entry.Provider ?? "tollgate" },
        };
        if (requestModel is not null)
        {
            tags.Add("gen_ai.request.model", requestModel);
        }

        if (entry.ServedModel is not null)
        {
            tags.Add("gen_ai.response.model", entry.ServedModel);
        }

        if (entry.ErrorType is not null)
        {
            tags.Add("error.type", entry.ErrorType);
        }

        var duration = TimeSpan.FromMilliseconds(entry.LatencyMs);
        if (_operationDuration.Enabled)
        {
            _operationDuration.Record(duration.TotalSeconds, tags);
        }

        if (_tokenUsage.Enabled && entry.ErrorType is null)
        {
            var input = tags;
            input.Add("gen_ai.token.type", "input");
            _tokenUsage.Record(entry.InputTokens, input);
            var output = tags;
            output.Add("gen_ai.token.type", "output");
            _tokenUsage.Record(entry.OutputTokens, output);
        }

        if (Source.HasListeners())
        {
            RecordSpan(operation, requestModel, tags, entry, duration);
        }
    }

    private static void RecordSpan(string operation, string? requestModel, in TagList tags, LedgerEntry entry, TimeSpan duration)
    {
        var name = requestModel is null ? operation : operation + " " + requestModel;
        using var activity = Source.StartActivity(name, ActivityKind.Client, parentContext: default, tags: tags, links: null, startTime: entry.Timestamp);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("gen_ai.usage.input_tokens", entry.InputTokens);
        activity.SetTag("gen_ai.usage.output_tokens", entry.OutputTokens);
        activity.SetTag("tollgate.request_id", entry.RequestId);
        activity.SetTag("tollgate.cache", entry.CacheStatus);
        if (entry.CostUsd is { } cost)
        {
            activity.SetTag("tollgate.cost_usd", (double)cost);
        }

        if (entry.Lever is not null)
        {
            activity.SetTag("tollgate.lever", entry.Lever);
        }

        if (entry.ErrorType is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, entry.ErrorType);
        }

        activity.SetEndTime(entry.Timestamp.UtcDateTime + duration);
    }
}
