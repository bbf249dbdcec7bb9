using System.Text;

namespace Tollgate.Gateway.Tests.Pipeline;

/// <summary>An answer as a cache would keep it: its bytes, and whether they are a stream of events.</summary>
internal sealed record StoredBody(byte[] Bytes, bool IsEventStream)
{
    public static StoredBody Json(string json) => new(Encoding.UTF8.GetBytes(json), IsEventStream: false);

    public static StoredBody Events(string events) => new(Encoding.UTF8.GetBytes(events), IsEventStream: true);
}
