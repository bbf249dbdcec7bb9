namespace Tollgate.Gateway.Resilience;

/// <summary>
/// The models tried after a model fails: its feature's chain for it (<c>Features:NAME:Fallbacks:MODEL</c>) when the
/// feature names one, else the gateway's (<c>Fallbacks:MODEL</c>), else none. Chains are not followed transitively: the
/// list named for the model the request was routed to is the whole chain.
/// </summary>
internal static class FallbackChain
{
    /// <summary>The fallbacks of <paramref name="model"/> for <paramref name="feature"/>'s requests, in the order they are tried.</summary>
    public static IReadOnlyList<string> For(GatewayOptions options, string? feature, string? model)
    {
        if (model is null)
        {
            return [];
        }

        if (feature is not null && options.Features.TryGetValue(feature, out var settings)
            && settings?.Fallbacks is { } featureChains && featureChains.TryGetValue(model, out var featureChain) && featureChain is not null)
        {
            return featureChain;
        }

        return options.Fallbacks.TryGetValue(model, out var chain) && chain is not null ? chain : [];
    }
}
