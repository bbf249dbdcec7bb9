using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.OpenAI;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary><c>POST /v1/responses/input_tokens</c>: the input tokens a response to this body reports, <c>previous_response_id</c> included.</summary>
internal sealed class ResponsesInputTokensEndpoint() : SimulatedEndpoint(OpenAIErrors.Instance)
{
    public override async ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer)
    {
        var response = exchange.Context.Response;
        if (ResponsesRequestReader.TryRead(body, exchange.State.Responses, out var turn) is { } problem)
        {
            await Provider.InvalidRequestAsync(response, problem, exchange.Aborted);
            return true;
        }

        exchange.Model = turn!.Chat.Model;
        await JsonWire.WriteBodyAsync(response, StatusCodes.Status200OK, turn.Chat.InputTokens, static (writer, tokens) =>
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "response.input_tokens"u8);
            writer.WriteNumber("input_tokens"u8, tokens);
            writer.WriteEndObject();
        }, exchange.Aborted);
        return true;
    }
}
