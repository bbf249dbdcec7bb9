using System.Text.Json.Serialization;

namespace Tollgate.Gateway.Alerts;

/// <summary>Source-generated JSON for alerts: webhook bodies and <c>/admin/alerts</c>, snake_case like the rest of the admin API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(AlertResponse))]
[JsonSerializable(typeof(AlertListResponse))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
