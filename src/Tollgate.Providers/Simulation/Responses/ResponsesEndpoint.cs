using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.OpenAI;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>
/// <c>POST /v1/responses</c>: validate, decide a fault, compose the answer as the chat routes do, keep the response
/// when <c>store</c> asks, and answer whole, streamed, or for a <c>background</c> one at once with status <c>queued</c>
/// (it completes <see cref="SimulatorOptions.BackgroundMs"/> later and is read back with <c>GET</c>).
/// </summary>
internal sealed class ResponsesEndpoint() : SimulatedEndpoint(OpenAIErrors.Instance)
{
    public const string ToolCallIdPrefix = "call_";

    public override async ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer)
    {
        var context = exchange.Context;
        var state = exchange.State;
        var aborted = context.RequestAborted;
        if (ResponsesRequestReader.TryRead(body, state.Responses, out var turn) is { } problem)
        {
            exchange.Model = body.ValueKind == JsonValueKind.Object ? JsonRead.String(body, "model") : null;
            await Provider.InvalidRequestAsync(context.Response, problem, aborted);
            return true;
        }

        var chat = turn!.Chat;
        exchange.Model = chat.Model;
        exchange.Stream = chat.Stream;
        var fault = state.Faults.Decide(context.Request, chat.LastUserText, chat.Model);
        if (fault != SimulatedFault.None)
        {
            SimulatorLog.InjectingFault(state.Logger, fault.ToString(), context.Request.Path.Value ?? string.Empty);
        }

        if (fault is SimulatedFault.RateLimited or SimulatedFault.ServerError or SimulatedFault.Overloaded)
        {
            await Provider.FaultAsync(context.Response, fault, chat.Model, state.Options.RetryAfterSeconds, aborted);
            return true;
        }

        if (fault == SimulatedFault.Timeout && !await FaultPlay.HangAsync(state.Options, aborted))
        {
            return false;
        }

        // A call that is answered uses the cache, however its answer ends; one refused with an error never reaches it.
        var cache = state.PromptCaches.OpenAI;
        var cached = cache?.Use(turn.Checkpoints, cache.RetentionOf(body)) ?? 0;
        var answer = SimulatedAnswer.For(chat, ToolCallIdPrefix, state.InvalidOutputs);
        var plan = OutputPlan.For(turn, answer);
        var truncated = answer.Text?.Truncated ?? false;
        var now = state.Options.TimeProvider.GetUtcNow();
        var background = turn.Background && !chat.Stream;
        var response = new StoredResponse
        {
            Id = ResponsesWire.NewId("resp_"),
            CreatedAt = now.ToUnixTimeSeconds(),
            Model = chat.Model,
            Store = turn.Store,
            Background = turn.Background,
            Settings = turn.Settings,
            InputItems = turn.InputItems,
            Context = turn.Context,
            OutputItems = plan.Items(answer, truncated),
            InputTokens = chat.InputTokens,
            CachedTokens = cached,
            OutputTokens = answer.OutputTokens,
            Truncated = truncated,
            Seed = chat.Seed,

            // A streamed background response is written out as it runs, so it is done when its stream is.
            ReadyAt = background ? now.AddMilliseconds(state.Options.BackgroundMs) : now,
        };
        if (turn.Store)
        {
            state.Responses.Add(response);
        }

        if (background)
        {
            await JsonWire.WriteBodyAsync(context.Response, StatusCodes.Status200OK, response, static (writer, r) => ResponsesWire.WriteResponse(writer, r, ResponseStatus.Queued), aborted);
            return true;
        }

        var writer = new ResponsesAnswer(response, answer, plan);
        return chat.Stream
            ? await AnswerDelivery.StreamAsync(context, writer, pacer, FaultPlay.CutAfter(fault, answer.Pieces.Count))
            : await AnswerDelivery.WholeAsync(context, writer, pacer, fault == SimulatedFault.StreamCut);
    }
}
