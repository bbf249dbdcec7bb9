using System.Text.Json;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>An HTTP/1.1 response read off a bare socket: status, headers (names lower-cased) and body.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The error object of an OpenAI (<c>{"error":{…}}</c>) or Anthropic (<c>{"type":"error","error":{…}}</c>) error body.</summary>
    public JsonElement Error => Wire.Parse(Body).GetProperty("error");

    public override string ToString() => $"{Status} {string.Join("; ", Headers.Select(h => h.Key + ": " + h.Value))}\n{Body}";
}
