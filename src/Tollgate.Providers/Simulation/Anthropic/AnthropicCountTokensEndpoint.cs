using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary><c>POST /v1/messages/count_tokens</c>: the same input count a message with this body reports.</summary>
internal static class AnthropicCountTokensEndpoint
{
    public static async Task HandleAsync(HttpContext context, SimulatorState state)
    {
        var exchange = new SimulatedExchange(context, state);
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.Headers["request-id"] = RequestIds.NewRequestId();
        try
        {
            using var document = await RequestBody.TryParseAsync(exchange, aborted);
            if (document is null)
            {
                await AnthropicErrors.MalformedJsonAsync(response, aborted);
            }
            else if (AnthropicMessagesRequestReader.TryRead(document.RootElement, requireMaxTokens: false, out var turn) is { } problem)
            {
                await AnthropicErrors.InvalidRequestAsync(response, problem.Message, aborted);
            }
            else
            {
                exchange.Model = turn!.Model;
                await JsonWire.WriteBodyAsync(response, StatusCodes.Status200OK, turn.InputTokens, static (writer, tokens) =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("input_tokens"u8, tokens);
                    writer.WriteEndObject();
                }, aborted);
            }

            exchange.Completed = true;
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
}
