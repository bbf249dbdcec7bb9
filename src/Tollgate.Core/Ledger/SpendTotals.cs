using System.Text.Json.Serialization;

namespace Tollgate.Core.Ledger;

/// <summary>
/// The whole period of a spend report, figured like a <see cref="SpendRow"/> over every request once (for the
/// <c>lever</c> grouping, where a request can count in several rows, the totals are not the rows' sum).
/// </summary>
public sealed record SpendTotals : SpendFigures
{
    /// <summary>Totals with no figures yet (an empty period).</summary>
    public SpendTotals()
    {
    }

    /// <summary>Totals carrying <paramref name="figures"/>.</summary>
    public SpendTotals(SpendFigures figures)
        : base(figures)
    {
    }

    /// <summary>Whether every request is priced, so the money is the whole bill; false when any is unpriced.</summary>
    [JsonPropertyOrder(1)] // written last, after the figures it judges (a derived type's own fields would come first)
    public bool Complete => UnpricedRequests == 0;
}
