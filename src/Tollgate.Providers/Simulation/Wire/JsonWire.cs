using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Providers.Simulation.Wire;

/// <summary>JSON writing straight into the response pipe, escaped the way the providers escape (UTF-8 kept as is).</summary>
internal static class JsonWire
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public const string JsonContentType = "application/json";

    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, WriterOptions);

    /// <summary>Writes one JSON document as the whole response body.</summary>
    public static async Task WriteBodyAsync<TState>(HttpResponse response, int status, TState state, Action<Utf8JsonWriter, TState> write, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        PipeWriter pipe = response.BodyWriter;
        using (var writer = CreateWriter(pipe))
        {
            write(writer, state);
        }

        await pipe.FlushAsync(cancellationToken);
    }
}
