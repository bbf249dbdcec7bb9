using System.Text;

namespace Tollgate.LoadBench;

/// <summary>The request every connection of a cell sends, again and again.</summary>
/// <param name="Path">Relative to the target's base address.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="Stream">Whether the answer is a stream.</param>
/// <param name="CacheControl">The <c>cache-control</c> header sent with it, or null for none.</param>
internal sealed record LoadRequest(string Path, byte[] Body, bool Stream, string? CacheControl)
{
    /// <summary>Further headers sent with every call (plain ASCII names and values).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Sent with every pass-through call: the simulator ignores it, the gateway bypasses its response cache.</summary>
    public const string NoStore = "no-store";

    private const string Prompt = "Say hello in one short sentence.";

    /// <summary>
    /// The pass-through request with <c>cache-control: no-store</c>, and no temperature unless
    /// <paramref name="temperature"/> (JSON text) is given: not cacheable under the default policy either way.
    /// </summary>
    public static LoadRequest Chat(bool stream, string? temperature = null) => new(
        "v1/chat/completions",
        Encoding.UTF8.GetBytes(
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + Prompt + "\"}],\"max_tokens\":64"
            + (temperature is null ? string.Empty : ",\"temperature\":" + temperature)
            + (stream ? ",\"stream\":true}" : "}")),
        stream,
        NoStore);

    /// <summary>
    /// A cacheable request (temperature 0, no <c>cache-control</c>): the gateway answers every call after the first
    /// from its cache. The streamed one asks with another prompt, so each form is its own entry, stored (and served) as
    /// it came from the provider rather than made over from the other form on every hit.
    /// </summary>
    public static LoadRequest CachedChat(bool stream) => new(
        "v1/chat/completions",
        Encoding.UTF8.GetBytes(
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + Prompt + (stream ? " Stream it." : string.Empty) + "\"}],\"max_tokens\":64,\"temperature\":0"
            + (stream ? ",\"stream\":true}" : "}")),
        stream,
        null);

    public string BodyText => Encoding.UTF8.GetString(Body);
}
