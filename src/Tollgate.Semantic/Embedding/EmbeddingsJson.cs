using System.Text.Json.Serialization;

namespace Tollgate.Semantic.Embedding;

/// <summary>The request and response shapes of <c>/v1/embeddings</c>, serialised without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmbeddingsJson.Request), TypeInfoPropertyName = "RequestBody")]
[JsonSerializable(typeof(EmbeddingsJson.Response), TypeInfoPropertyName = "ResponseBody")]
[JsonSerializable(typeof(EmbeddingsJson.Item), TypeInfoPropertyName = "ItemBody")]
[JsonSerializable(typeof(EmbeddingsJson.ResponseUsage), TypeInfoPropertyName = "UsageBody")]
internal sealed partial class EmbeddingsJson : JsonSerializerContext
{
    internal sealed record Request(string Model, IReadOnlyList<string> Input, string EncodingFormat, int? Dimensions);

    internal sealed record Response(IReadOnlyList<Item>? Data, string? Model, ResponseUsage? Usage);

    internal sealed record Item(int Index, float[]? Embedding);

    internal sealed record ResponseUsage(long? PromptTokens, long? TotalTokens);
}
