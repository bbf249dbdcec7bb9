using System.Text.Json;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Controls;

/// <summary>
/// A gateway started from a watched configuration file in front of a recording simulator, with features whose input
/// and output controls the tests exercise: <c>brief</c> (default and cap on the output limit, a stop sequence, the
/// built-in concise instruction), <c>terse</c> (a concise instruction of its own), <c>bounded</c> (an input limit that
/// refuses), <c>trimmed</c> (an input limit that trims), <c>retired</c> (switched off) and <c>pinned</c> (a model of its own).
/// </summary>
public class ControlsGateway : CachingGateway
{
    public const string Settings = """
        "Features": {
          "brief": { "Output": { "DefaultMaxTokens": 6, "MaxTokensCap": 12, "StopSequences": [ "###" ], "ConciseInstruction": true } },
          "terse": { "Output": { "ConciseInstruction": "Reply in one line." } },
          "bounded": { "Input": { "MaxTokens": 60 } },
          "trimmed": { "Input": { "MaxTokens": 90, "OverLimit": "Trim" } },
          "retired": { "Enabled": false },
          "pinned": { "Model": "gpt-4.1-mini" }
        }
        """;

    protected override string InitialSettings => Settings;

    /// <summary>The body the simulator received for the call <paramref name="requestId"/> made, as JSON.</summary>
    public async Task<JsonElement> UpstreamBodyAsync(string requestId)
    {
        var call = await Simulator.WaitForRequestAsync(requestId);
        using var document = JsonDocument.Parse(call.Body ?? throw new InvalidOperationException($"The simulator kept no body for {requestId}."));
        return document.RootElement.Clone();
    }

    /// <summary>An SDK set whose calls name <paramref name="feature"/> in <c>x-tollgate-feature</c>.</summary>
    internal CacheClients ClientsFor(string feature)
    {
        var clients = new CacheClients(BaseAddress);
        clients.Headers.Values["x-tollgate-feature"] = feature;
        return clients;
    }

    /// <summary>A prompt no other test sends, so counting the simulator's calls for it counts this test's alone.</summary>
    public static string Unique(string text) => text + " #" + Guid.NewGuid().ToString("N")[..12];
}
