namespace Tollgate.Gateway.Tests.Caching.Coalescing;

/// <summary>The ledger columns the coalescing tests check.</summary>
internal sealed record LedgerRow(string RequestId, string CacheStatus, string? Lever, decimal? CostUsd, decimal? BaselineCostUsd, int Attempts, int Status, string? ErrorType);
