namespace Tollgate.Core.Ledger;

/// <summary>What a spend report covers: settled rows whose request arrived in [<paramref name="From"/>, <paramref name="To"/>), grouped as asked.</summary>
/// <param name="GroupBy">How the rows are grouped.</param>
/// <param name="From">The first arrival time counted; null for the whole ledger up to <paramref name="To"/>.</param>
/// <param name="To">The end of the period, not included: usually the time of the report.</param>
public sealed record SpendQuery(SpendGrouping GroupBy, DateTimeOffset? From, DateTimeOffset To);
