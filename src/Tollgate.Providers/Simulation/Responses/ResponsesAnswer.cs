using System.IO.Pipelines;
using System.Text.Json;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>
/// A response as OpenAI writes it: the <c>response</c> object whole, or its stream of events, each named in an
/// <c>event:</c> line and numbered by <c>sequence_number</c>: <c>response.created</c>, <c>response.in_progress</c>, a web
/// search call's events when there is one, then the answer's item (<c>response.output_item.added</c>, for a message
/// <c>response.content_part.added</c>, <c>response.output_text.delta</c> a piece, <c>response.output_text.done</c>,
/// <c>response.content_part.done</c>; for a function call <c>response.function_call_arguments.delta</c> a piece and
/// <c>.done</c>; then <c>response.output_item.done</c>) and one terminal event, <c>response.completed</c> or
/// <c>response.incomplete</c>, carrying the whole response with its usage.
/// </summary>
internal sealed class ResponsesAnswer(StoredResponse response, SimulatedAnswer answer, OutputPlan plan) : IAnswerWriter
{
    private static readonly byte[][] WebSearchSteps =
    [
        "response.web_search_call.in_progress"u8.ToArray(),
        "response.web_search_call.searching"u8.ToArray(),
        "response.web_search_call.completed"u8.ToArray(),
    ];

    private int _sequence;

    public int PieceCount => answer.Pieces.Count;

    public int OutputTokens => answer.OutputTokens;

    private ResponseStatus FinalStatus => response.Truncated ? ResponseStatus.Incomplete : ResponseStatus.Completed;

    public void WriteWhole(Utf8JsonWriter writer) => ResponsesWire.WriteResponse(writer, response, FinalStatus);

    public async ValueTask<FlushResult> WriteStreamStartAsync(SseStream sse, CancellationToken cancellationToken)
    {
        WriteResponseEvent(sse, "response.created"u8, ResponseStatus.InProgress);
        await sse.EndAsync(cancellationToken);
        WriteResponseEvent(sse, "response.in_progress"u8, ResponseStatus.InProgress);
        await sse.EndAsync(cancellationToken);
        var index = 0;
        if (plan.WebSearchId is { } search)
        {
            var writer = Begin(sse, "response.output_item.added"u8);
            writer.WriteNumber("output_index"u8, index);
            writer.WritePropertyName("item"u8);
            ResponsesWire.WriteWebSearchCall(writer, search, "in_progress"u8, null);
            writer.WriteEndObject();
            await sse.EndAsync(cancellationToken);
            foreach (var step in WebSearchSteps)
            {
                writer = Begin(sse, step);
                writer.WriteNumber("output_index"u8, index);
                writer.WriteString("item_id"u8, search);
                writer.WriteEndObject();
                await sse.EndAsync(cancellationToken);
            }

            WriteItemDone(sse, index);
            await sse.EndAsync(cancellationToken);
            index++;
        }

        var added = Begin(sse, "response.output_item.added"u8);
        added.WriteNumber("output_index"u8, index);
        added.WritePropertyName("item"u8);
        if (answer.ToolCall is { } call)
        {
            ResponsesWire.WriteFunctionCall(added, plan.ItemId, "in_progress"u8, call.Id, call.Name, string.Empty);
            added.WriteEndObject();
            return await sse.EndAsync(cancellationToken);
        }

        ResponsesWire.WriteMessage(added, plan.ItemId, "in_progress"u8, null);
        added.WriteEndObject();
        await sse.EndAsync(cancellationToken);

        var part = BeginPart(sse, "response.content_part.added"u8, index);
        part.WritePropertyName("part"u8);
        ResponsesWire.WriteOutputText(part, string.Empty);
        part.WriteEndObject();
        return await sse.EndAsync(cancellationToken);
    }

    public void WritePiece(SseStream sse, int index)
    {
        var output = OutputIndex;
        if (answer.ToolCall is not null)
        {
            var writer = Begin(sse, "response.function_call_arguments.delta"u8);
            writer.WriteString("item_id"u8, plan.ItemId);
            writer.WriteNumber("output_index"u8, output);
            writer.WriteString("delta"u8, answer.Pieces[index]);
            writer.WriteEndObject();
            return;
        }

        var delta = BeginPart(sse, "response.output_text.delta"u8, output);
        delta.WriteString("delta"u8, answer.Pieces[index]);
        delta.WriteStartArray("logprobs"u8);
        delta.WriteEndArray();
        delta.WriteEndObject();
    }

    public async ValueTask<FlushResult> WriteStreamEndAsync(SseStream sse, CancellationToken cancellationToken)
    {
        var output = OutputIndex;
        if (answer.ToolCall is { } call)
        {
            var writer = Begin(sse, "response.function_call_arguments.done"u8);
            writer.WriteString("item_id"u8, plan.ItemId);
            writer.WriteNumber("output_index"u8, output);
            writer.WriteString("name"u8, call.Name);
            writer.WriteString("arguments"u8, call.ArgumentsJson);
            writer.WriteEndObject();
            await sse.EndAsync(cancellationToken);
        }
        else
        {
            var text = answer.Text!.Text;
            var done = BeginPart(sse, "response.output_text.done"u8, output);
            done.WriteString("text"u8, text);
            done.WriteStartArray("logprobs"u8);
            done.WriteEndArray();
            done.WriteEndObject();
            await sse.EndAsync(cancellationToken);

            var part = BeginPart(sse, "response.content_part.done"u8, output);
            part.WritePropertyName("part"u8);
            ResponsesWire.WriteOutputText(part, text);
            part.WriteEndObject();
            await sse.EndAsync(cancellationToken);
        }

        WriteItemDone(sse, output);
        await sse.EndAsync(cancellationToken);

        WriteResponseEvent(sse, response.Truncated ? "response.incomplete"u8 : "response.completed"u8, FinalStatus);
        return await sse.EndAsync(cancellationToken);
    }

    /// <summary>Where the answer's own item sits in <c>output</c>: after the web search call when there is one.</summary>
    private int OutputIndex => plan.WebSearchId is null ? 0 : 1;

    /// <summary>Opens an event: its <c>event:</c> line, then <c>type</c> and <c>sequence_number</c>, as OpenAI writes every event.</summary>
    private Utf8JsonWriter Begin(SseStream sse, ReadOnlySpan<byte> type)
    {
        var writer = sse.Begin(type);
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteNumber("sequence_number"u8, _sequence++);
        return writer;
    }

    private Utf8JsonWriter BeginPart(SseStream sse, ReadOnlySpan<byte> type, int outputIndex)
    {
        var writer = Begin(sse, type);
        writer.WriteString("item_id"u8, plan.ItemId);
        writer.WriteNumber("output_index"u8, outputIndex);
        writer.WriteNumber("content_index"u8, 0);
        return writer;
    }

    private void WriteResponseEvent(SseStream sse, ReadOnlySpan<byte> type, ResponseStatus status)
    {
        var writer = Begin(sse, type);
        writer.WritePropertyName("response"u8);
        ResponsesWire.WriteResponse(writer, response, status);
        writer.WriteEndObject();
    }

    private void WriteItemDone(SseStream sse, int index)
    {
        var writer = Begin(sse, "response.output_item.done"u8);
        writer.WriteNumber("output_index"u8, index);
        writer.WritePropertyName("item"u8);
        response.OutputItems[index].WriteTo(writer);
        writer.WriteEndObject();
    }
}
