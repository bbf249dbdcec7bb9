using Tollgate.Core.Ledger;
using Tollgate.Gateway.Endpoints;

namespace Tollgate.Cli.Commands;

/// <summary>What <c>tollgate report</c> shows, and its <c>--format json</c> document.</summary>
/// <param name="Since">The period's start (inclusive).</param>
/// <param name="Until">The period's end (exclusive).</param>
/// <param name="GroupBy">What the spend table is grouped by (<c>feature</c>, <c>tag:project</c> …).</param>
/// <param name="Spend">The spend table (<c>GET /admin/spend?group_by=…</c>).</param>
/// <param name="SavingsByLever">What each lever saved (<c>GET /admin/spend?group_by=lever</c>).</param>
/// <param name="Outliers">The costliest requests, costliest first (<c>GET /admin/outliers</c>).</param>
internal sealed record ReportDocument(
    DateTimeOffset Since,
    DateTimeOffset Until,
    string GroupBy,
    SpendReport Spend,
    SpendReport SavingsByLever,
    IReadOnlyList<OutlierResponse> Outliers);
