using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Tokens;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.OpenAI;

/// <summary><c>POST /v1/embeddings</c>: deterministic unit vectors, as floats or base64 little-endian float32.</summary>
internal sealed class OpenAIEmbeddingsEndpoint() : SimulatedEndpoint(OpenAIErrors.Instance)
{
    public override async ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer)
    {
        var response = exchange.Context.Response;
        var problem = Validate(body, out var model, out var dimensions);
        exchange.Model = model;
        if (problem is not null)
        {
            await Provider.InvalidRequestAsync(response, problem, exchange.Aborted);
            return true;
        }

        var base64 = JsonRead.String(body, "encoding_format") == "base64";
        await JsonWire.WriteBodyAsync(response, StatusCodes.Status200OK, (body, model!, dimensions, base64), static (writer, s) => Write(writer, s.body, s.Item2, s.dimensions, s.base64), exchange.Aborted);
        return true;
    }

    private static RequestProblem? Validate(JsonElement root, out string? model, out int dimensions)
    {
        model = null;
        dimensions = 0;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new RequestProblem("Invalid type for request body: expected an object.");
        }

        model = JsonRead.String(root, "model");
        if (string.IsNullOrEmpty(model))
        {
            return new RequestProblem("you must provide a model parameter", "model", "missing_required_parameter");
        }

        if (!root.TryGetProperty("input", out var input) || input.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return new RequestProblem("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }

        if (input.ValueKind == JsonValueKind.Array && input.GetArrayLength() == 0)
        {
            return new RequestProblem("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", "input", "invalid_value");
        }

        dimensions = model.Contains("3-large", StringComparison.Ordinal) ? 3072 : 1536;
        if (root.TryGetProperty("dimensions", out var requested) && requested.ValueKind != JsonValueKind.Null)
        {
            if (!requested.TryGetInt32(out dimensions) || dimensions < 1 || dimensions > 3072)
            {
                return new RequestProblem("Invalid 'dimensions': expected an integer between 1 and 3072.", "dimensions", "invalid_value");
            }
        }

        return null;
    }

    private static void Write(Utf8JsonWriter writer, JsonElement root, string model, int dimensions, bool base64)
    {
        var input = root.GetProperty("input");
        var vector = ArrayPool<float>.Shared.Rent(dimensions);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "list"u8);
            writer.WriteStartArray("data"u8);
            var singleItem = input.ValueKind == JsonValueKind.String
                || (input.GetArrayLength() > 0 && input[0].ValueKind == JsonValueKind.Number);
            if (singleItem)
            {
                WriteItem(writer, input, 0, vector.AsSpan(0, dimensions), base64);
            }
            else
            {
                var index = 0;
                foreach (var item in input.EnumerateArray())
                {
                    WriteItem(writer, item, index++, vector.AsSpan(0, dimensions), base64);
                }
            }

            writer.WriteEndArray();
            writer.WriteString("model"u8, model);
            var tokens = TokenCounter.Shared.CountContent(model, input);
            writer.WriteStartObject("usage"u8);
            writer.WriteNumber("prompt_tokens"u8, tokens);
            writer.WriteNumber("total_tokens"u8, tokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(vector);
        }
    }

    private static void WriteItem(Utf8JsonWriter writer, JsonElement item, int index, Span<float> vector, bool base64)
    {
        if (item.ValueKind == JsonValueKind.Array)
        {
            var tokens = new long[item.GetArrayLength()];
            var i = 0;
            foreach (var token in item.EnumerateArray())
            {
                tokens[i++] = token.TryGetInt64(out var id) ? id : 0;
            }

            EmbeddingComposer.ComposeFromTokens(tokens, vector);
        }
        else
        {
            EmbeddingComposer.Compose(item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText(), vector);
        }

        writer.WriteStartObject();
        writer.WriteString("object"u8, "embedding"u8);
        writer.WriteNumber("index"u8, index);
        if (base64)
        {
            // OpenAI sends little-endian float32; so does every platform .NET runs this on.
            writer.WriteBase64String("embedding"u8, MemoryMarshal.AsBytes((ReadOnlySpan<float>)vector));
        }
        else
        {
            writer.WriteStartArray("embedding"u8);
            foreach (var value in vector)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
