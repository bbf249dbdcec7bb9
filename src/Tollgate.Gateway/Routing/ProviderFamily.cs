using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// Which wire protocol a provider family's models are reached through: Anthropic's models through the Anthropic
/// protocol, every other family's (OpenAI and the OpenAI-compatible endpoints) through OpenAI's. A request sent to a model
/// of the other family is translated (<see cref="Pipeline.CallTargets"/>).
/// </summary>
internal static class ProviderFamily
{
    /// <summary>The pricing catalog's name of Anthropic's family.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>Whether a model of <paramref name="provider"/>'s family can serve a request that speaks <paramref name="protocol"/> as it is, untranslated.</summary>
    public static bool Serves(string provider, WireProtocol protocol) =>
        string.Equals(provider, Anthropic, StringComparison.OrdinalIgnoreCase) == (protocol == WireProtocol.Anthropic);
}
