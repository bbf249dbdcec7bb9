using System.Text.Json.Serialization;
using Tollgate.Core.Budgets;

namespace Tollgate.Storage.Embedded.Budgets;

/// <summary>Source-generated JSON for stored budget documents (snake_case, as the admin API writes them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BudgetDocument))]
internal sealed partial class BudgetJsonContext : JsonSerializerContext;
