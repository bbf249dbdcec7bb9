using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Core.Routing;

/// <summary>The model catalog as written on disk (snake_case JSON), before validation.</summary>
internal sealed class ModelCatalogDocument
{
    public string? Version { get; init; }

    public string? Notes { get; init; }

    public Dictionary<string, ModelCatalogEntry?>? Models { get; init; }
}

/// <summary>One model's entry of <c>models.json</c>.</summary>
internal sealed class ModelCatalogEntry
{
    public string? Provider { get; init; }

    public string? Tier { get; init; }

    public IReadOnlyList<string>? Capabilities { get; init; }

    public bool Preferred { get; init; }
}

/// <summary>Source-generated reader of <c>models.json</c>; unknown properties are errors, as in the pricing file.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ModelCatalogDocument))]
internal sealed partial class ModelCatalogJsonContext : JsonSerializerContext;
