using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// Which wire protocol a provider family's models are reached through: Anthropic's models through the Anthropic
/// protocol, every other family's (OpenAI and the OpenAI-compatible endpoints) through OpenAI's. Until routes translate
/// between the two, a request is only ever sent to a model of its own protocol's family.
/// </summary>
internal static class ProviderFamily
{
    /// <summary>The pricing catalog's name of Anthropic's family.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>Whether a model of <paramref name="provider"/>'s family can serve a request that speaks <paramref name="protocol"/>.</summary>
    public static bool Serves(string provider, WireProtocol protocol) =>
        string.Equals(provider, Anthropic, StringComparison.OrdinalIgnoreCase) == (protocol == WireProtocol.Anthropic);

    /// <summary>Whether models of families <paramref name="left"/> and <paramref name="right"/> serve the same protocol.</summary>
    public static bool SameProtocol(string left, string right) =>
        string.Equals(left, Anthropic, StringComparison.OrdinalIgnoreCase) == string.Equals(right, Anthropic, StringComparison.OrdinalIgnoreCase);
}
