using System.Text.Json;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// Reads a gateway's intent journal (<c>ledger-intents.*.jsonl</c> in its data directory, see
/// docs/operations.md): one line per request about to call its provider, written before the call. It is the only
/// sign, from outside, that a buffered call has gone upstream before any byte of its answer exists.
/// </summary>
internal static class IntentJournal
{
    /// <summary>The request ids of every intent written so far, settled ones included.</summary>
    public static HashSet<string> RequestIds(string dataDirectory)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(dataDirectory, "ledger-intents.*.jsonl"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (TryReadRequestId(line) is { } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    private static string? TryReadRequestId(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("request_id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // a line still being written
        }
    }
}
