using System.Text.Json.Serialization;

namespace Tollgate.Core.Ledger;

/// <summary>One group of the spend report: the group's value, then its <see cref="SpendFigures"/>.</summary>
public sealed record SpendRow : SpendFigures
{
    /// <summary>A row with no figures yet.</summary>
    public SpendRow()
    {
    }

    /// <summary>A row carrying <paramref name="figures"/>; its group is set apart.</summary>
    public SpendRow(SpendFigures figures)
        : base(figures)
    {
    }

    /// <summary>The group's value (a feature, a user, a model …); null for requests without one.</summary>
    [JsonPropertyOrder(-1)] // written first, ahead of the figures, whatever order the serializer gives a derived type's fields
    public string? Group { get; init; }
}
