using System.Buffers;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary><c>POST /v1/messages</c>, whole or streamed with Anthropic's event sequence.</summary>
internal static class AnthropicMessagesEndpoint
{
    private static ReadOnlySpan<byte> Ping => "event: ping\ndata: {\"type\": \"ping\"}\n\n"u8;

    public static async Task HandleAsync(HttpContext context, SimulatorState state)
    {
        var pacer = new Pacer(state.Options);
        var exchange = new SimulatedExchange(context, state);
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.Headers["request-id"] = RequestIds.NewRequestId();
        try
        {
            using var document = await RequestBody.TryParseAsync(exchange, aborted);
            if (document is null)
            {
                await AnthropicErrors.Instance.MalformedJsonAsync(response, aborted);
                exchange.Completed = true;
                return;
            }

            if (AnthropicMessagesRequestReader.TryRead(document.RootElement, requireMaxTokens: true, out var turn) is { } problem)
            {
                exchange.Model = document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object ? JsonRead.String(document.RootElement, "model") : null;
                await AnthropicErrors.Instance.InvalidRequestAsync(response, problem, aborted);
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
                await AnthropicErrors.Instance.FaultAsync(response, fault, turn.Model, state.Options.RetryAfterSeconds, aborted);
                exchange.Completed = true;
                return;
            }

            if (fault == SimulatedFault.Timeout && !await FaultPlay.HangAsync(state.Options, aborted))
            {
                return;
            }

            var answer = SimulatedAnswer.For(turn, "toolu_");
            var id = RequestIds.FromSeed("msg_", turn.Seed);
            exchange.Completed = turn.Stream
                ? await StreamAsync(context, turn, answer, id, pacer, FaultPlay.CutAfter(fault, answer.Pieces.Count))
                : await WholeAsync(context, turn, answer, id, pacer, fault == SimulatedFault.StreamCut);
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

    private static async Task<bool> WholeAsync(HttpContext context, ChatTurn turn, SimulatedAnswer answer, string id, Pacer pacer, bool cut)
    {
        await pacer.UntilToken(Math.Max(0, answer.OutputTokens - 1), context.RequestAborted);
        if (cut)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var writer = JsonWire.CreateWriter(buffer))
            {
                AnthropicMessageWire.WriteMessage(writer, id, turn.Model, answer, turn.InputTokens, whole: true);
            }

            await FaultPlay.CutBodyAsync(context, StatusCodes.Status200OK, buffer.WrittenMemory);
            return false;
        }

        await JsonWire.WriteBodyAsync(
            context.Response,
            StatusCodes.Status200OK,
            (id, turn, answer),
            static (writer, s) => AnthropicMessageWire.WriteMessage(writer, s.id, s.turn.Model, s.answer, s.turn.InputTokens, whole: true),
            context.RequestAborted);
        return true;
    }

    private static async Task<bool> StreamAsync(HttpContext context, ChatTurn turn, SimulatedAnswer answer, string id, Pacer pacer, int cutAfter)
    {
        var aborted = context.RequestAborted;
        using var sse = new SseStream(context.Response);

        await pacer.UntilToken(0, aborted);
        var writer = sse.Begin("message_start"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_start"u8);
        writer.WritePropertyName("message"u8);
        AnthropicMessageWire.WriteMessage(writer, id, turn.Model, answer, turn.InputTokens, whole: false);
        writer.WriteEndObject();
        await sse.EndAsync(aborted);

        writer = sse.Begin("content_block_start"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "content_block_start"u8);
        writer.WriteNumber("index"u8, 0);
        writer.WritePropertyName("content_block"u8);
        AnthropicMessageWire.WriteContentBlock(writer, answer, whole: false);
        writer.WriteEndObject();
        await sse.EndAsync(aborted);

        if ((await sse.WriteRawAsync(Ping, aborted)).IsCompleted)
        {
            return false;
        }

        var pieces = answer.Pieces;
        var isTool = answer.ToolCall is not null;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i == cutAfter)
            {
                await FaultPlay.CutAsync(context);
                return false;
            }

            await pacer.UntilToken(i, aborted);
            writer = sse.Begin("content_block_delta"u8);
            writer.WriteStartObject();
            writer.WriteString("type"u8, "content_block_delta"u8);
            writer.WriteNumber("index"u8, 0);
            writer.WriteStartObject("delta"u8);
            if (isTool)
            {
                writer.WriteString("type"u8, "input_json_delta"u8);
                writer.WriteString("partial_json"u8, pieces[i]);
            }
            else
            {
                writer.WriteString("type"u8, "text_delta"u8);
                writer.WriteString("text"u8, pieces[i]);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            if ((await sse.EndAsync(aborted)).IsCompleted)
            {
                return false;
            }
        }

        if (cutAfter != int.MaxValue)
        {
            await FaultPlay.CutAsync(context);
            return false;
        }

        writer = sse.Begin("content_block_stop"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "content_block_stop"u8);
        writer.WriteNumber("index"u8, 0);
        writer.WriteEndObject();
        await sse.EndAsync(aborted);

        writer = sse.Begin("message_delta"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_delta"u8);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("stop_reason"u8, AnthropicMessageWire.StopReason(answer));
        writer.WriteNull("stop_sequence"u8);
        writer.WriteEndObject();
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, turn.InputTokens);
        writer.WriteNumber("cache_creation_input_tokens"u8, 0);
        writer.WriteNumber("cache_read_input_tokens"u8, 0);
        writer.WriteNumber("output_tokens"u8, answer.OutputTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await sse.EndAsync(aborted);

        writer = sse.Begin("message_stop"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_stop"u8);
        writer.WriteEndObject();
        if ((await sse.EndAsync(aborted)).IsCompleted)
        {
            return false;
        }

        await pacer.UntilClose(aborted);
        return true;
    }
}
