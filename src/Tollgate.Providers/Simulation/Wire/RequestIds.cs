namespace Tollgate.Providers.Simulation.Wire;

/// <summary>Identifiers shaped like the providers' own.</summary>
internal static class RequestIds
{
    public static string NewRequestId() => "req_" + Guid.NewGuid().ToString("N");

    /// <summary>A deterministic id for an answer: same prompt, same id.</summary>
    public static string FromSeed(string prefix, ulong seed) =>
        prefix + seed.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
