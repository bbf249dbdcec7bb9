using System.Text;

namespace Tollgate.LoadBench;

/// <summary>The request every connection of a cell sends, again and again.</summary>
internal sealed record LoadRequest(string Path, byte[] Body, bool Stream)
{
    /// <summary>Sent on every call: the simulator ignores it, the gateway bypasses its response cache.</summary>
    public const string CacheControl = "no-store";

    private const string Prompt = "Say hello in one short sentence.";

    public static LoadRequest Chat(bool stream) => new(
        "v1/chat/completions",
        Encoding.UTF8.GetBytes(
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + Prompt + "\"}],\"max_tokens\":64"
            + (stream ? ",\"stream\":true}" : "}")),
        stream);

    public string BodyText => Encoding.UTF8.GetString(Body);
}
