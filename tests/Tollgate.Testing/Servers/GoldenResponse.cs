namespace Tollgate.Testing.Servers;

/// <summary>
/// What a <see cref="GoldenUpstream"/> answers: a golden file as the body (<c>.sse</c> files as
/// <c>text/event-stream</c>, the rest as <c>application/json</c>), with the provider's status and any extra
/// provider headers. A stream can be cut short, ending cleanly or breaking the connection.
/// </summary>
public sealed record GoldenResponse(string File, int Status = 200)
{
    /// <summary>Send only this many bytes of the file.</summary>
    public int? CutAt { get; init; }

    /// <summary>After the cut, break the connection instead of ending the response.</summary>
    public bool AbortAtCut { get; init; }

    /// <summary>Headers the provider sends with the body (request ids, rate-limit state, <c>retry-after</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the file is a server-sent event stream.</summary>
    public bool IsStream => File.EndsWith(".sse", StringComparison.Ordinal);

    /// <summary>The content type both providers send with such a body.</summary>
    public string ContentType => IsStream ? "text/event-stream; charset=utf-8" : "application/json";
}
