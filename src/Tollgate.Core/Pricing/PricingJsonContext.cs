using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Core.Pricing;

/// <summary>
/// Source-generated reader for pricing files. Unknown properties are errors: a misspelt price name in a user's
/// file must fail loudly instead of leaving a model unpriced. Prices are JSON numbers read straight into
/// <see cref="decimal"/>, so <c>0.075</c> is exactly 0.075.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PricingDocument))]
internal sealed partial class PricingJsonContext : JsonSerializerContext;
