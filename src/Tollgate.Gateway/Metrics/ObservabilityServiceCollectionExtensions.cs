using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tollgate.Core.Settlement;
using Tollgate.Gateway.AccessLog;
using Tollgate.Gateway.Diagnostics;

namespace Tollgate.Gateway.Metrics;

/// <summary>Registers what watches the gateway from outside: the metrics, the access log when on, the OTLP export when configured.</summary>
internal static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// The Prometheus metrics and the GenAI telemetry fed by one settlement observer, the access log's observer when
    /// <c>AccessLog:Enabled</c>, and the OpenTelemetry SDK with its OTLP exporter only when an endpoint is configured
    /// (<see cref="MetricsSettings.OtlpEndpoint"/>): without one, no SDK listens and the spans are never made.
    /// </summary>
    public static IServiceCollection AddTollgateObservability(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(provider => new TollgateMetrics(provider.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.Metrics.MaxLabelValues));
        services.AddSingleton<GenAiTelemetry>();
        services.AddSingleton<BudgetGauges>();
        services.AddSingleton<ISettlementObserver, SettlementMetrics>();
        if (options.AccessLog.Enabled)
        {
            services.AddSingleton<ISettlementObserver, AccessLogObserver>();
        }

        return MetricsSettings.OtlpEndpoint(options.Metrics) is null ? services : AddOtlpExport(services, options.Metrics);
    }

    // Apart, so that the OpenTelemetry SDK's assemblies are loaded only when it is used.
    private static IServiceCollection AddOtlpExport(IServiceCollection services, MetricsOptions options)
    {
        // Set in Tollgate's settings, the endpoint is the collector's base: the signal's path is added, as the
        // standard variable does. From the variable alone, the exporter reads it (and OTEL_EXPORTER_OTLP_PROTOCOL) itself.
        var configured = options.OtlpEndpoint is { Length: > 0 } text ? new Uri(text) : null;
        var protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tollgate"))
            // Every request is traced: the host's own request activity, made for its log scopes, is never sampled, and a
            // parent-based sampler would drop the spans under it.
            .WithTracing(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddSource(GenAiTelemetry.SourceName).AddOtlpExporter(exporter => Configure(exporter, configured, protocol, "v1/traces")))
            .WithMetrics(metrics => metrics.AddMeter(GenAiTelemetry.MeterName, GatewayMeter.MeterName).AddOtlpExporter(exporter => Configure(exporter, configured, protocol, "v1/metrics")));
        return services;
    }

    private static void Configure(OtlpExporterOptions exporter, Uri? configured, OtlpExportProtocol protocol, string signalPath)
    {
        if (configured is null)
        {
            return;
        }

        exporter.Protocol = protocol;
        exporter.Endpoint = protocol == OtlpExportProtocol.Grpc ? configured : new Uri(configured.ToString().TrimEnd('/') + "/" + signalPath);
    }
}
