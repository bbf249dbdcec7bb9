using System.Text.Json.Serialization;

namespace Tollgate.Cli.Commands;

/// <summary>The JSON of <c>tollgate report --format json</c>, in the admin API's snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ReportDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
