using System.Text.Json.Serialization;
using Tollgate.Core.Ledger;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>Source-generated JSON for intent journal lines.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LedgerEntry))]
internal sealed partial class LedgerJournalJsonContext : JsonSerializerContext;
