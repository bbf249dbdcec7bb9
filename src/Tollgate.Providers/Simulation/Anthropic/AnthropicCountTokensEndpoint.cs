using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary><c>POST /v1/messages/count_tokens</c>: the same input count a message with this body reports.</summary>
internal sealed class AnthropicCountTokensEndpoint() : SimulatedEndpoint(AnthropicErrors.Instance)
{
    public override async ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer)
    {
        var response = exchange.Context.Response;
        if (AnthropicMessagesRequestReader.TryRead(body, requireMaxTokens: false, out var turn) is { } problem)
        {
            await Provider.InvalidRequestAsync(response, problem, exchange.Aborted);
            return true;
        }

        exchange.Model = turn!.Model;
        await JsonWire.WriteBodyAsync(response, StatusCodes.Status200OK, turn.InputTokens, static (writer, tokens) =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("input_tokens"u8, tokens);
            writer.WriteEndObject();
        }, exchange.Aborted);
        return true;
    }
}
