using System.Text.Json;
using Json.Schema;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Protocols.Answers;

namespace Tollgate.Gateway.Outputs;

/// <summary>
/// One exchange's check of its answer against a JSON Schema. As an answer interceptor it records a successful answer
/// as the relay reads it (the tee the response cache uses), whoever produced it (a provider, either cache, a coalesced
/// call); settlement then asks it to <see cref="Conclude"/>: a whole answer once read to its end, a stream at its final
/// event (the relay settles before writing it), so the row and the cost comment carry the verdict. <see cref="Judge"/>
/// is the same check of bytes a caller already holds.
/// </summary>
internal sealed class OutputValidation : IOutputCheck, IAnswerInterceptor
{
    /// <summary>Larger answers are relayed but not judged.</summary>
    public const int MaxRecordedBytes = AnswerRecorder.MaxRecordedBytes;

    private static readonly EvaluationOptions FlagOnly = new() { OutputFormat = OutputFormat.Flag };

    private readonly JsonSchema _schema;
    private readonly ExchangeOperation _operation;
    private RecordingAnswer? _recording;

    public OutputValidation(JsonSchema schema, ExchangeOperation operation)
    {
        _schema = schema;
        _operation = operation;
    }

    public async ValueTask RespondAsync(ExchangeContext exchange, ExchangeAnswer answer, AnswerWriter next, CancellationToken cancellationToken)
    {
        if (answer.Status is < 200 or >= 300 || _recording is not null)
        {
            await next(answer, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var recording = new RecordingAnswer(answer, MaxRecordedBytes);
        _recording = recording;
        try
        {
            await next(recording, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            recording.Recording?.Release();
        }
    }

    public bool? Conclude()
    {
        if (_recording?.Recording is not { } stream || (!_recording.IsEventStream && !stream.Ended))
        {
            return null; // nothing recorded, too large, or a whole answer not read to its end
        }

        return Judge(stream.RecordedSoFar, _recording.IsEventStream);
    }

    public bool? Judge(ReadOnlySpan<byte> answer, bool isEventStream)
    {
        if (answer.IsEmpty)
        {
            return null;
        }

        try
        {
            using var body = JsonDocument.Parse(isEventStream ? AnswerForms.ToBody(_operation, AnswerForms.SplitEvents(answer.ToArray())) : answer.ToArray());
            if (!AnswerOutputText.TryRead(body.RootElement, _operation, out var text))
            {
                return null; // a tool call: the output comes later
            }

            return text is null ? false : Evaluate(text);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            return null; // not an answer of this operation
        }
    }

    /// <summary>Whether the text is JSON that meets the schema; null when the schema cannot judge it (a reference it cannot resolve).</summary>
    private bool? Evaluate(string text)
    {
        JsonDocument output;
        try
        {
            output = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return false; // asked for JSON, answered with something else
        }

        using (output)
        {
            try
            {
                return _schema.Evaluate(output.RootElement, FlagOnly).IsValid;
            }
            catch (Exception exception) when (exception is JsonSchemaException or RefResolutionException)
            {
                return null;
            }
        }
    }
}
