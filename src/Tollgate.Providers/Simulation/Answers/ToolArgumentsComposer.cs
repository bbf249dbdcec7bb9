using System.Buffers;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Simulation.Answers;

/// <summary>
/// Builds tool call arguments that satisfy a tool's JSON schema (objects, arrays, strings, enums,
/// numbers, integers, booleans), choosing values deterministically from the prompt seed.
/// </summary>
internal static class ToolArgumentsComposer
{
    private const int MaxDepth = 6;

    public static SimulatedToolCall Compose(ulong seed, string? model, string toolName, JsonElement schema, string idPrefix)
    {
        var random = new SplitMix64(seed ^ 0x7F4A7C15UL);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, schema, ref random, 0, forceObject: true);
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        var counter = TokenCounter.Shared;
        var id = idPrefix + seed.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var tokens = counter.CountText(model, toolName) + counter.CountText(model, json);
        return new SimulatedToolCall(id, toolName, json, counter.Split(model, json), tokens);
    }

    /// <summary>A JSON value that satisfies <paramref name="schema"/>, chosen from <paramref name="seed"/> (an answer asked for in a JSON schema).</summary>
    public static string ComposeJson(ulong seed, JsonElement schema)
    {
        var random = new SplitMix64(seed ^ 0x2545F491UL);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, schema, ref random, 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonElement schema, ref SplitMix64 random, int depth, bool forceObject = false)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            if (forceObject)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStringValue(Pick(SentenceBank.Words, ref random));
            }

            return;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(writer);
            return;
        }

        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
        {
            options[random.Next(options.GetArrayLength())].WriteTo(writer);
            return;
        }

        foreach (var alternative in (ReadOnlySpan<string>)["anyOf", "oneOf", "allOf"])
        {
            if (schema.TryGetProperty(alternative, out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                WriteValue(writer, choices[0], ref random, depth + 1, forceObject);
                return;
            }
        }

        var type = TypeOf(schema, forceObject);
        switch (type)
        {
            case "object":
                writer.WriteStartObject();
                if (depth < MaxDepth && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        writer.WritePropertyName(property.Name);
                        WriteValue(writer, property.Value, ref random, depth + 1);
                    }
                }

                writer.WriteEndObject();
                break;
            case "array":
                writer.WriteStartArray();
                if (depth < MaxDepth)
                {
                    var count = 1 + random.Next(2);
                    if (schema.TryGetProperty("minItems", out var minItems) && minItems.TryGetInt32(out var min))
                    {
                        count = Math.Max(count, Math.Min(min, 8));
                    }

                    var items = schema.TryGetProperty("items", out var itemSchema) ? itemSchema : default;
                    for (var i = 0; i < count; i++)
                    {
                        WriteValue(writer, items, ref random, depth + 1);
                    }
                }

                writer.WriteEndArray();
                break;
            case "integer":
                writer.WriteNumberValue(Bounded(schema, ref random, integer: true));
                break;
            case "number":
                writer.WriteNumberValue(Bounded(schema, ref random, integer: false));
                break;
            case "boolean":
                writer.WriteBooleanValue(random.Next(2) == 1);
                break;
            case "null":
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(StringFor(schema, ref random));
                break;
        }
    }

    private static string TypeOf(JsonElement schema, bool forceObject)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!;
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                foreach (var option in type.EnumerateArray())
                {
                    if (option.ValueKind == JsonValueKind.String && option.GetString() is { } name && name != "null")
                    {
                        return name;
                    }
                }
            }
        }

        return forceObject || schema.TryGetProperty("properties", out _) ? "object" : "string";
    }

    private static double Bounded(JsonElement schema, ref SplitMix64 random, bool integer)
    {
        var min = schema.TryGetProperty("minimum", out var minimum) && minimum.TryGetDouble(out var low) ? low : 1;
        var max = schema.TryGetProperty("maximum", out var maximum) && maximum.TryGetDouble(out var high) ? high : Math.Max(min, 100);
        var value = min + (max - min) * ((random.NextSigned() + 1) / 2);
        if (!integer)
        {
            return Math.Round(value, 2);
        }

        var (lowest, highest) = (Math.Ceiling(min), Math.Floor(max));
        return lowest > highest ? lowest : Math.Clamp(Math.Round(value), lowest, highest);
    }

    private static string StringFor(JsonElement schema, ref SplitMix64 random)
    {
        var format = schema.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        return format switch
        {
            "date" => "2025-01-" + (10 + random.Next(18)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "date-time" => "2025-01-" + (10 + random.Next(18)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "T12:00:00Z",
            "email" => Pick(SentenceBank.Words, ref random) + "@example.com",
            "uri" or "url" => "https://example.com/" + Pick(SentenceBank.Words, ref random),
            "uuid" => "00000000-0000-4000-8000-" + (random.Next() & 0xFFFFFFFFFFFFUL).ToString("x12", System.Globalization.CultureInfo.InvariantCulture),
            _ => Pick(SentenceBank.Words, ref random),
        };
    }

    private static string Pick(string[] words, ref SplitMix64 random) => words[random.Next(words.Length)];
}
