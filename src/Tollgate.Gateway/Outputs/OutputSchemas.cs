using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace Tollgate.Gateway.Outputs;

/// <summary>
/// The JSON Schemas answers are checked against, each compiled once (JsonSchema.Net) and kept by its text: a feature's
/// schema, or a request's <c>response_format</c> one, which an application sends alike on every call. Bounded: past
/// <see cref="MaxKept"/> distinct schemas the cache starts again, so requests that each carry a new schema cost a
/// compile each and no more memory. Each schema is built in a registry of its own, never the library's global one,
/// so two schemas with the same <c>$id</c> do not clash and nothing outlives this cache.
/// </summary>
internal sealed class OutputSchemas
{
    /// <summary>How many compiled schemas are kept.</summary>
    public const int MaxKept = 256;

    private readonly ConcurrentDictionary<string, Compiled> _kept = new(StringComparer.Ordinal);

    /// <summary>The compiled schema of <paramref name="schemaText"/>, or null with the reason when it is no JSON Schema.</summary>
    public JsonSchema? Get(string schemaText, out string? error)
    {
        if (!_kept.TryGetValue(schemaText, out var compiled))
        {
            compiled = Compile(schemaText);
            if (_kept.Count >= MaxKept)
            {
                _kept.Clear();
            }

            _kept[schemaText] = compiled;
        }

        error = compiled.Error;
        return compiled.Schema;
    }

    /// <summary>Compiles <paramref name="schemaText"/> on its own (a setting's check); the error says why it is no JSON Schema.</summary>
    public static bool TryCompile(string schemaText, out string? error)
    {
        var compiled = Compile(schemaText);
        error = compiled.Error;
        return compiled.Schema is not null;
    }

    private static Compiled Compile(string schemaText)
    {
        try
        {
            // A standalone element: the compiled schema reads it for as long as it is kept.
            var root = JsonElement.Parse(schemaText);
            var schema = JsonSchema.Build(root, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, null);
            return new Compiled(schema, null);
        }
        catch (JsonException exception)
        {
            return new Compiled(null, "the schema is not JSON: " + exception.Message);
        }
        catch (Exception exception) when (exception is JsonSchemaException or RefResolutionException or ArgumentException or InvalidOperationException)
        {
            return new Compiled(null, "the schema is not a JSON Schema: " + exception.Message);
        }
    }

    private sealed record Compiled(JsonSchema? Schema, string? Error);
}
