namespace Tollgate.Core.Routing;

/// <summary>One model of the <see cref="ModelCatalog"/>.</summary>
/// <param name="Model">The canonical name, as the pricing catalog lists it.</param>
/// <param name="Provider">The provider family (<c>openai</c>, <c>anthropic</c>), the pricing catalog's.</param>
/// <param name="Tier">Its tier.</param>
/// <param name="Capabilities">What it takes beyond plain text.</param>
/// <param name="Preferred">Whether a routing rule sends its provider's requests of its tier to it by default.</param>
public sealed record CatalogModel(string Model, string Provider, ModelTier Tier, ModelCapabilities Capabilities, bool Preferred)
{
    /// <summary>Whether the model has every capability in <paramref name="needed"/>.</summary>
    public bool Has(ModelCapabilities needed) => (Capabilities & needed) == needed;
}
