namespace Tollgate.Storage.Embedded.Ledger.Rollup;

/// <summary>One bucket of the hourly rollup: a grouping's group in an hour (<c>2026-12-01T13</c>); a null group is the rows without one.</summary>
/// <param name="Grouping">The grouping as the report names it: <c>feature</c>, <c>lever</c>, <c>tag:project</c> ….</param>
/// <param name="Hour">The hour of arrival, the first 13 characters of the rows' timestamps.</param>
/// <param name="Group">The group; null for the rows without one.</param>
internal readonly record struct LedgerRollupKey(string Grouping, string Hour, string? Group);
