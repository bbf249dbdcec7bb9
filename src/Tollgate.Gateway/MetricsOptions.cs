namespace Tollgate.Gateway;

/// <summary>
/// <c>GET /metrics</c> (Prometheus text) and the OpenTelemetry export (<c>Tollgate:Metrics</c>); see
/// <c>docs/operations.md</c>, "Metrics and traces".
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>The most <see cref="MaxLabelValues"/> may be.</summary>
    public const int MaxLabelValuesLimit = 10_000;

    /// <summary>
    /// Whether <c>/metrics</c> answers anyone who can reach it (default false: it asks for the admin key, like
    /// <c>/admin/*</c>). Followed live.
    /// </summary>
    public bool Open { get; set; }

    /// <summary>
    /// How many distinct values each label (feature, model, provider, team, error type) takes before further values
    /// are counted under <c>other</c>, so that what clients send cannot grow the scrape without bound. Fixed at start.
    /// </summary>
    public int MaxLabelValues { get; set; } = 100;

    /// <summary>
    /// An OTLP endpoint (e.g. <c>http://collector:4318</c>) to export traces and metrics to; unset, the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is used, and with neither nothing is exported. Fixed at start.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The protocol to the OTLP endpoint: <c>grpc</c> or <c>http/protobuf</c> (default, as OTLP's standard variable says).</summary>
    public string? OtlpProtocol { get; set; }
}
