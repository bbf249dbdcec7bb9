using System.Text.Json.Serialization;
using Tollgate.Cli.Estimates;
using Tollgate.Cli.Profiling;
using Tollgate.Cli.Replay;

namespace Tollgate.Cli.Json;

/// <summary>The documents <c>replay</c>, <c>estimate</c> and <c>profile</c> print with <c>--format json</c>: snake_case, like the admin API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReplaySummary))]
[JsonSerializable(typeof(EstimateReport))]
[JsonSerializable(typeof(LedgerEstimateReport))]
[JsonSerializable(typeof(ProfileReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
