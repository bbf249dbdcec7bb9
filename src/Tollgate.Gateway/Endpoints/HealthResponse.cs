namespace Tollgate.Gateway.Endpoints;

/// <summary>Body of <c>GET /healthz</c>.</summary>
internal sealed record HealthResponse(
    string Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("openai_provider")] string? OpenAIProvider,
    string? AnthropicProvider);
