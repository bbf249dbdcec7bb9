using System.Text.Json.Serialization;

namespace Tollgate.Gateway.Feedback;

/// <summary>Source-generated JSON for <c>/v1/tollgate/feedback</c>, snake_case like the admin API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(FeedbackResponse))]
internal sealed partial class FeedbackJsonContext : JsonSerializerContext;
