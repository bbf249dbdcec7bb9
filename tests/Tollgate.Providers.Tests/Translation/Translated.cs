using System.Text;
using System.Text.Json;
using Tollgate.Providers.Translation;
using Tollgate.Testing;

namespace Tollgate.Providers.Tests.Translation;

/// <summary>Runs the translators over golden payloads and reads what they wrote.</summary>
internal static class Translated
{
    public static JsonDocument Request(TranslationRoute route, string json, string model = "claude-sonnet-4-5", long? defaultMaxTokens = 64000)
    {
        var body = RequestTranslation.Translate(route, Encoding.UTF8.GetBytes(json), model, defaultMaxTokens, out _, out var refusal);
        Assert.True(body is not null, refusal);
        return JsonDocument.Parse(body);
    }

    public static string? Refusal(TranslationRoute route, string json)
    {
        var body = RequestTranslation.Translate(route, Encoding.UTF8.GetBytes(json), "claude-sonnet-4-5", 64000, out _, out var refusal);
        Assert.Null(body);
        return refusal;
    }

    public static JsonDocument Answer(TranslationRoute route, string goldenPath, int status = 200)
    {
        using var output = new PooledBuffer();
        Assert.True(AnswerTranslation.TryTranslate(route, status, GoldenFiles.Read(goldenPath), output));
        return JsonDocument.Parse(output.WrittenMemory);
    }

    /// <summary>
    /// The golden stream translated through <see cref="TranslatingEventStream"/>, fed <paramref name="pieceSize"/> bytes
    /// at a time; returns every event (name, data) it wrote.
    /// </summary>
    public static async Task<List<(string Name, string Data)>> StreamAsync(TranslationRoute route, string goldenPath, bool includeUsage = true, int pieceSize = 4096)
    {
        using var source = new TrickleStream(GoldenFiles.Read(goldenPath), pieceSize);
        await using var translated = new TranslatingEventStream(source, AnswerTranslation.ForStream(route, includeUsage));
        using var reader = new StreamReader(translated, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var events = new List<(string, string)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string name = string.Empty, data = string.Empty;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }

            events.Add((name, data));
        }

        return events;
    }

    /// <summary>A stream that hands out at most a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] bytes, int pieceSize) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, pieceSize)], cancellationToken);
    }
}
