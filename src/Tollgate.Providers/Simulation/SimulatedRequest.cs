using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Providers.Simulation;

/// <summary>One call the simulated provider answered, as kept in its request log.</summary>
/// <param name="RequestId">The incoming <c>x-tollgate-request-id</c> header, or null.</param>
/// <param name="Path">The request path, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Model">The <c>model</c> of the request body, or null when it had none.</param>
/// <param name="Stream">Whether the request asked for a streamed answer.</param>
/// <param name="Status">The HTTP status sent; 499 when the client went away before any answer.</param>
/// <param name="Completed">Whether the whole response was written.</param>
public sealed record SimulatedRequest(string? RequestId, string Path, string? Model, bool Stream, int Status, bool Completed)
{
    /// <summary>The raw request body as received (UTF-8), when <see cref="SimulatorOptions.RecordBodies"/> is on; else null.</summary>
    public string? Body { get; init; }

    /// <summary>
    /// The credential headers received (<c>authorization</c>, <c>x-api-key</c>, <c>api-key</c>, by lower-case name),
    /// each value replaced by its <see cref="Fingerprint"/> (<c>authorization</c> keeps its scheme:
    /// <c>Bearer sha256:…</c>), when <see cref="SimulatorOptions.RecordHeaders"/> is on; else null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Credentials { get; init; }

    /// <summary>
    /// The protocol headers received (<c>anthropic-version</c>, <c>anthropic-beta</c>, <c>openai-organization</c>,
    /// <c>openai-project</c>, <c>openai-beta</c>, <c>idempotency-key</c>, <c>accept</c>, <c>content-type</c>,
    /// <c>user-agent</c>) as sent, and under <c>names</c> the sorted, comma-separated lower-case names of all
    /// headers, when <see cref="SimulatorOptions.RecordHeaders"/> is on; else null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>How the log shows a secret: <c>sha256:</c> and the first 16 hex digits of its SHA-256.</summary>
    public static string Fingerprint(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), hash);
        return "sha256:" + Convert.ToHexStringLower(hash[..8]);
    }
}
