using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Relay;

namespace Tollgate.Gateway.AccessLog;

/// <summary>
/// Writes one access log line per sampled request once it has ended, with what its ledger row says (model, provider,
/// key name, team, tags, cost, cache, lever) when it has one. What it logs is chosen, not dumped: the path without its query
/// string, never a body or a header, so neither a virtual key nor a provider key can reach the log.
/// </summary>
internal sealed partial class AccessLogMiddleware
{
    /// <summary>The logging category, so the access log can be routed or silenced on its own.</summary>
    public const string Category = "Tollgate.AccessLog";

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly double _sampleRate;

    public AccessLogMiddleware(ILoggerFactory loggers, TimeProvider time, double sampleRate)
    {
        _logger = loggers.CreateLogger(Category);
        _time = time;
        _sampleRate = sampleRate;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!_logger.IsEnabled(LogLevel.Information) || (_sampleRate < 1 && Random.Shared.NextDouble() >= _sampleRate))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var arrived = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var record = new AccessLogRecord();
        context.Features.Set(record);
        var failed = false;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            Write(context, record, arrived, _time.GetElapsedTime(started), failed);
        }
    }

    private void Write(HttpContext context, AccessLogRecord record, DateTimeOffset arrived, TimeSpan duration, bool failed)
    {
        var entry = record.Entry;
        var response = context.Response;
        var status = entry is { Status: > 0 } ? entry.Status
            : context.RequestAborted.IsCancellationRequested ? 499
            : failed && !response.HasStarted ? StatusCodes.Status500InternalServerError
            : response.StatusCode;
        LogRequest(
            _logger,
            arrived,
            entry?.RequestId ?? Field(response.Headers[TollgateHeaders.RequestId].ToString()),
            context.Request.Method,
            PathAsSent(context),
            context.Request.Protocol,
            status,
            duration.TotalMilliseconds,
            Field(entry?.ServedModel ?? entry?.RequestedModel),
            Field(entry?.Provider),
            Field(entry?.KeyName),
            Field(entry?.Team),
            Field(entry?.Tags.ToString()),
            entry?.CostUsd is { } cost ? cost.ToString(CultureInfo.InvariantCulture) : "-",
            Field(entry?.CacheStatus),
            Field(entry?.Lever));
    }

    /// <summary>
    /// The path as the client sent it, still percent-encoded and without the query string: a decoded path could carry a
    /// line break into the log, and a query string can carry a credential.
    /// </summary>
    private static string PathAsSent(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target))
        {
            return Field(context.Request.Path.Value);
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return Field(query < 0 ? target : target[..query]);
    }

    /// <summary>"-" for nothing; a value holding spaces, quotes or control characters (a model name comes from the
    /// client's body) quoted and escaped, so every line stays one line of space-separated fields.</summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        foreach (var c in value)
        {
            if (c <= ' ' || c == '"' || c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
            }
        }

        return value;
    }

    [LoggerMessage(
        EventId = 1,
        EventName = "Request",
        Level = LogLevel.Information,
        Message = "{Time:O} {RequestId} {Method} {Path} {Protocol} {Status} {DurationMs:0.0}ms model={Model} provider={Provider} key={KeyName} team={Team} tags={Tags} cost_usd={CostUsd} cache={CacheStatus} lever={Lever}")]
    private static partial void LogRequest(
        ILogger logger,
        DateTimeOffset time,
        string requestId,
        string method,
        string path,
        string protocol,
        int status,
        double durationMs,
        string model,
        string provider,
        string keyName,
        string team,
        string tags,
        string costUsd,
        string cacheStatus,
        string lever);
}
