namespace Tollgate.Gateway.Metrics;

/// <summary>The checks of <c>Tollgate:Metrics</c>, and the OTLP endpoint in force.</summary>
internal static class MetricsSettings
{
    /// <summary>The standard variable naming the OTLP endpoint, read when <see cref="MetricsOptions.OtlpEndpoint"/> is unset.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Adds a message for each bad setting to <paramref name="failures"/> (made when needed) and returns it.</summary>
    public static List<string>? Check(MetricsOptions? options, List<string>? failures)
    {
        if (options is null)
        {
            return failures;
        }

        if (options.MaxLabelValues is < 1 or > MetricsOptions.MaxLabelValuesLimit)
        {
            (failures ??= []).Add($"Metrics:MaxLabelValues must be from 1 to {MetricsOptions.MaxLabelValuesLimit}; it is {options.MaxLabelValues}.");
        }

        if (options.OtlpEndpoint is { Length: > 0 } endpoint && !IsHttpUrl(endpoint))
        {
            (failures ??= []).Add($"Metrics:OtlpEndpoint must be an absolute http(s) URL such as http://collector:4318; it is '{endpoint}'.");
        }

        if (options.OtlpProtocol is { Length: > 0 } protocol && protocol is not ("grpc" or "http/protobuf"))
        {
            (failures ??= []).Add($"Metrics:OtlpProtocol must be grpc or http/protobuf; it is '{protocol}'.");
        }

        return failures;
    }

    /// <summary>The OTLP endpoint to export to: the setting, else the standard variable; null when neither is set.</summary>
    public static Uri? OtlpEndpoint(MetricsOptions options) =>
        (options.OtlpEndpoint is { Length: > 0 } configured ? configured : Environment.GetEnvironmentVariable(OtlpEndpointVariable)) is { Length: > 0 } text
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : null;

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
