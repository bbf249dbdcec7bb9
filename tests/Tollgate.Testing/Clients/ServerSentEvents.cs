using System.Runtime.CompilerServices;
using System.Text;

namespace Tollgate.Testing.Clients;

/// <summary>Reads a raw <c>text/event-stream</c> body the way an SDK's parser does, without an SDK in between.</summary>
public static class ServerSentEvents
{
    /// <summary>Every event until the stream ends.</summary>
    public static async Task<IReadOnlyList<ServerSentEvent>> ReadAllAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var events = new List<ServerSentEvent>();
        await foreach (var item in ReadAsync(stream, cancellationToken))
        {
            events.Add(item);
        }

        return events;
    }

    /// <summary>Events as they arrive.</summary>
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? name = null;
        var data = new StringBuilder();
        var any = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (any)
                {
                    yield return new ServerSentEvent(name, data.ToString());
                }

                name = null;
                data.Clear();
                any = false;
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            if (field == "event")
            {
                name = value;
                any = true;
            }
            else if (field == "data")
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(value);
                any = true;
            }
        }

        if (any)
        {
            yield return new ServerSentEvent(name, data.ToString());
        }
    }
}
