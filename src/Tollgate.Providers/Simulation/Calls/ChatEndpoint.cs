using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>
/// A chat route (<c>POST /v1/chat/completions</c>, <c>POST /v1/messages</c>): validate, decide a fault, pace,
/// answer whole or streamed, cut. The flow is the same for every protocol; <see cref="ChatWireFormat"/> says how
/// each step looks on the wire.
/// </summary>
internal sealed class ChatEndpoint(ChatWireFormat format) : SimulatedEndpoint(format.Errors)
{
    public override async ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer)
    {
        var context = exchange.Context;
        var state = exchange.State;
        var aborted = context.RequestAborted;
        if (format.TryRead(body, out var turn) is { } problem)
        {
            exchange.Model = body.ValueKind == JsonValueKind.Object ? JsonRead.String(body, "model") : null;
            await Provider.InvalidRequestAsync(context.Response, problem, aborted);
            return true;
        }

        exchange.Model = turn!.Model;
        exchange.Stream = turn.Stream;
        var fault = state.Faults.Decide(context.Request, turn.LastUserText, turn.Model);
        if (fault != SimulatedFault.None)
        {
            SimulatorLog.InjectingFault(state.Logger, fault.ToString(), context.Request.Path.Value ?? string.Empty);
        }

        if (fault is SimulatedFault.RateLimited or SimulatedFault.ServerError or SimulatedFault.Overloaded)
        {
            await Provider.FaultAsync(context.Response, fault, turn.Model, state.Options.RetryAfterSeconds, aborted);
            return true;
        }

        if (fault == SimulatedFault.Timeout && !await FaultPlay.HangAsync(state.Options, aborted))
        {
            return false;
        }

        // A call that is answered uses the cache, however its answer ends; one refused with an error never reaches it.
        var cache = format.UsePromptCache(body, turn, state.PromptCaches);
        var answer = SimulatedAnswer.For(turn, format.ToolCallIdPrefix, state.InvalidOutputs);
        var reply = new ChatReply(turn, answer, RequestIds.FromSeed(format.AnswerIdPrefix, turn.Seed), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), cache);
        var writer = new ChatAnswer(format, reply);
        return turn.Stream
            ? await AnswerDelivery.StreamAsync(context, writer, pacer, FaultPlay.CutAfter(fault, answer.Pieces.Count))
            : await AnswerDelivery.WholeAsync(context, writer, pacer, fault == SimulatedFault.StreamCut);
    }
}
