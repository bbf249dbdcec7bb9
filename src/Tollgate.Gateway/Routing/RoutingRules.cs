using Microsoft.Extensions.Options;
using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// Every feature's routing rule (<c>Features:NAME:Routing</c>), made once per <see cref="GatewayOptions"/>, so a
/// request pays a dictionary lookup; a reload of the configuration brings new rules for the requests that follow.
/// </summary>
internal sealed class RoutingRules
{
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly PricingCatalog _pricing;
    private readonly ModelCatalog _catalog;
    private Snapshot? _current;

    public RoutingRules(IOptionsMonitor<GatewayOptions> options, PricingCatalog pricing, ModelCatalog catalog)
    {
        _options = options;
        _pricing = pricing;
        _catalog = catalog;
    }

    /// <summary>The model catalog the rules resolve tiers with.</summary>
    public ModelCatalog Catalog => _catalog;

    /// <summary>The rule of <paramref name="feature"/> under the options in force now, or null when it has none (or it is off).</summary>
    public FeatureRoute? For(string? feature)
    {
        var options = _options.CurrentValue;
        var current = _current;
        if (current is null || !ReferenceEquals(current.Source, options))
        {
            current = new Snapshot(options, _pricing, _catalog);
            _current = current;
        }

        return feature is not null && current.Features is not null && current.Features.TryGetValue(feature, out var rule) ? rule : null;
    }

    /// <summary>Whether <paramref name="options"/> turn a rule on: any value set, and <c>Enabled</c> not false.</summary>
    public static bool IsOn(FeatureRoutingOptions? options) => options is not null && options.Enabled != false;

    private sealed class Snapshot
    {
        public Snapshot(GatewayOptions source, PricingCatalog pricing, ModelCatalog catalog)
        {
            Source = source;
            foreach (var (name, feature) in source.Features ?? [])
            {
                if (IsOn(feature?.Routing))
                {
                    (Features ??= new Dictionary<string, FeatureRoute>(StringComparer.OrdinalIgnoreCase))[name] = FeatureRoute.Build(feature!.Routing!, pricing, catalog);
                }
            }
        }

        public GatewayOptions Source { get; }

        public Dictionary<string, FeatureRoute>? Features { get; }
    }
}
