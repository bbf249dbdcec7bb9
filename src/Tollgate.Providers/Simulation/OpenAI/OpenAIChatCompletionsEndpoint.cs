using System.Buffers;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.OpenAI;

/// <summary><c>POST /v1/chat/completions</c>, whole or streamed.</summary>
internal static class OpenAIChatCompletionsEndpoint
{
    private static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    public static async Task HandleAsync(HttpContext context, SimulatorState state)
    {
        var pacer = new Pacer(state.Options);
        var exchange = new SimulatedExchange(context, state);
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.Headers["x-request-id"] = RequestIds.NewRequestId();
        try
        {
            using var document = await RequestBody.TryParseAsync(exchange, aborted);
            if (document is null)
            {
                await OpenAIErrors.Instance.MalformedJsonAsync(response, aborted);
                exchange.Completed = true;
                return;
            }

            if (OpenAIChatRequestReader.TryRead(document.RootElement, out var turn) is { } problem)
            {
                exchange.Model = document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object ? JsonRead.String(document.RootElement, "model") : null;
                await OpenAIErrors.Instance.InvalidRequestAsync(response, problem, aborted);
                exchange.Completed = true;
                return;
            }

            exchange.Model = turn!.Model;
            exchange.Stream = turn.Stream;
            var fault = state.Faults.Decide(context.Request, turn.LastUserText);
            if (fault != SimulatedFault.None)
            {
                SimulatorLog.InjectingFault(state.Logger, fault.ToString(), context.Request.Path.Value ?? string.Empty);
            }

            if (fault is SimulatedFault.RateLimited or SimulatedFault.ServerError or SimulatedFault.Overloaded)
            {
                await OpenAIErrors.Instance.FaultAsync(response, fault, turn.Model, state.Options.RetryAfterSeconds, aborted);
                exchange.Completed = true;
                return;
            }

            if (fault == SimulatedFault.Timeout && !await FaultPlay.HangAsync(state.Options, aborted))
            {
                return;
            }

            var answer = SimulatedAnswer.For(turn, "call_");
            var id = RequestIds.FromSeed("chatcmpl-", turn.Seed);
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            exchange.Completed = turn.Stream
                ? await StreamAsync(context, turn, answer, id, created, pacer, FaultPlay.CutAfter(fault, answer.Pieces.Count))
                : await WholeAsync(context, turn, answer, id, created, pacer, fault == SimulatedFault.StreamCut);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the log says the response did not complete.
        }
        finally
        {
            exchange.Record();
        }
    }

    private static async Task<bool> WholeAsync(HttpContext context, ChatTurn turn, SimulatedAnswer answer, string id, long created, Pacer pacer, bool cut)
    {
        await pacer.UntilToken(Math.Max(0, answer.OutputTokens - 1), context.RequestAborted);
        if (cut)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var writer = JsonWire.CreateWriter(buffer))
            {
                OpenAIChatWire.WriteCompletion(writer, id, created, turn.Model, answer, turn.InputTokens);
            }

            await FaultPlay.CutBodyAsync(context, StatusCodes.Status200OK, buffer.WrittenMemory);
            return false;
        }

        await JsonWire.WriteBodyAsync(
            context.Response,
            StatusCodes.Status200OK,
            (id, created, turn, answer),
            static (writer, s) => OpenAIChatWire.WriteCompletion(writer, s.id, s.created, s.turn.Model, s.answer, s.turn.InputTokens),
            context.RequestAborted);
        return true;
    }

    private static async Task<bool> StreamAsync(HttpContext context, ChatTurn turn, SimulatedAnswer answer, string id, long created, Pacer pacer, int cutAfter)
    {
        var aborted = context.RequestAborted;
        using var sse = new SseStream(context.Response);
        var call = answer.ToolCall;

        await pacer.UntilToken(0, aborted);
        var writer = sse.Begin();
        OpenAIChatWire.BeginChunk(writer, id, created, turn.Model);
        OpenAIChatWire.BeginChoiceDelta(writer);
        writer.WriteString("role"u8, "assistant"u8);
        if (call is null)
        {
            writer.WriteString("content"u8, string.Empty);
        }
        else
        {
            writer.WriteNull("content"u8);
            writer.WriteStartArray("tool_calls"u8);
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, 0);
            writer.WriteString("id"u8, call.Id);
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, call.Name);
            writer.WriteString("arguments"u8, string.Empty);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteNull("refusal"u8);
        OpenAIChatWire.EndChoiceDelta(writer, default);
        OpenAIChatWire.EndChunk(writer, turn.IncludeUsage);
        if ((await sse.EndAsync(aborted)).IsCompleted)
        {
            return false;
        }

        var pieces = answer.Pieces;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i == cutAfter)
            {
                await FaultPlay.CutAsync(context);
                return false;
            }

            await pacer.UntilToken(i, aborted);
            writer = sse.Begin();
            OpenAIChatWire.BeginChunk(writer, id, created, turn.Model);
            OpenAIChatWire.BeginChoiceDelta(writer);
            if (call is null)
            {
                writer.WriteString("content"u8, pieces[i]);
            }
            else
            {
                writer.WriteStartArray("tool_calls"u8);
                writer.WriteStartObject();
                writer.WriteNumber("index"u8, 0);
                writer.WriteStartObject("function"u8);
                writer.WriteString("arguments"u8, pieces[i]);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            OpenAIChatWire.EndChoiceDelta(writer, default);
            OpenAIChatWire.EndChunk(writer, turn.IncludeUsage);
            if ((await sse.EndAsync(aborted)).IsCompleted)
            {
                return false;
            }
        }

        if (cutAfter != int.MaxValue)
        {
            // Fewer pieces than the cut point (an empty answer): cut before the end all the same.
            await FaultPlay.CutAsync(context);
            return false;
        }

        writer = sse.Begin();
        OpenAIChatWire.BeginChunk(writer, id, created, turn.Model);
        OpenAIChatWire.BeginChoiceDelta(writer);
        OpenAIChatWire.EndChoiceDelta(writer, OpenAIChatWire.FinishReason(answer));
        OpenAIChatWire.EndChunk(writer, turn.IncludeUsage);
        await sse.EndAsync(aborted);

        if (turn.IncludeUsage)
        {
            writer = sse.Begin();
            OpenAIChatWire.BeginChunk(writer, id, created, turn.Model);
            writer.WriteEndArray();
            OpenAIChatWire.WriteUsage(writer, turn.InputTokens, answer.OutputTokens);
            writer.WriteEndObject();
            await sse.EndAsync(aborted);
        }

        if ((await sse.WriteRawAsync(Done, aborted)).IsCompleted)
        {
            return false;
        }

        await pacer.UntilClose(aborted);
        return true;
    }
}
