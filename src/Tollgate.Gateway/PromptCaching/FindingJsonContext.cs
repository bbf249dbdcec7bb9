using System.Text.Json.Serialization;

namespace Tollgate.Gateway.PromptCaching;

/// <summary>Source-generated JSON for <c>GET /admin/findings</c>: snake_case, nulls written out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(FindingListResponse))]
internal sealed partial class FindingJsonContext : JsonSerializerContext;
