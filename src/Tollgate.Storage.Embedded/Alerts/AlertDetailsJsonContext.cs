using System.Text.Json.Serialization;

namespace Tollgate.Storage.Embedded.Alerts;

/// <summary>Source-generated JSON for an alert's details column.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AlertDetailsJsonContext : JsonSerializerContext;
