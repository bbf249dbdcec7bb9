using System.Text.Json.Serialization;
using Tollgate.Core.Budgets;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Endpoints;

namespace Tollgate.Gateway.Json;

/// <summary>Source-generated JSON for the admin API: snake_case, nulls written out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(LedgerEntry))]
[JsonSerializable(typeof(SpendReport))]
[JsonSerializable(typeof(OutliersResponse))]
[JsonSerializable(typeof(SpendTimeline))]
[JsonSerializable(typeof(TokenHistogram))]
[JsonSerializable(typeof(PricingResponse))]
[JsonSerializable(typeof(KeyRequest))]
[JsonSerializable(typeof(KeyResponse))]
[JsonSerializable(typeof(KeyResponse[]))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(CacheStatsResponse))]
[JsonSerializable(typeof(CachePurgeResponse))]
[JsonSerializable(typeof(BudgetResponse))]
[JsonSerializable(typeof(BudgetResponse[]))]
[JsonSerializable(typeof(UnitBudgetFigures))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(BudgetDocument))]
[JsonSerializable(typeof(ConfigSettingResponse[]))]
[JsonSerializable(typeof(TierResponse[]))]
[JsonSerializable(typeof(TierRequest))]
[JsonSerializable(typeof(UserTierResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
