using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>
/// The flow every simulated route shares: count the call in flight, tag the response with the provider's request
/// id, read and parse the body (a body over the provider's size limit, malformed JSON and text with no UTF-8 form are answered in the provider's error shape), let the endpoint
/// answer, and log the call however it ends.
/// </summary>
internal static class SimulatedCall
{
    public static async Task RunAsync(HttpContext context, SimulatorState state, SimulatedEndpoint endpoint)
    {
        var pacer = new Pacer(state.Options);
        var exchange = new SimulatedExchange(context, state);
        var aborted = context.RequestAborted;
        var provider = endpoint.ProviderOf(context.Request);
        context.Response.Headers[provider.RequestIdHeader] = RequestIds.NewRequestId();
        try
        {
            if (!endpoint.ReadsBody)
            {
                exchange.Completed = await endpoint.AnswerAsync(exchange, default, pacer);
                return;
            }

            var body = await RequestBody.ReadAsync(exchange, provider.MaxRequestBodyBytes, aborted);
            using var document = body.Document;
            if (body.TooLarge)
            {
                await provider.RequestTooLargeAsync(context.Response, body.OversizedBytes, aborted);
                exchange.Completed = true;
                return;
            }

            if (body.TextFault is { } fault)
            {
                await provider.UnsoundTextAsync(context.Response, fault, aborted);
                exchange.Completed = true;
                return;
            }

            if (document is null)
            {
                await provider.MalformedJsonAsync(context.Response, aborted);
                exchange.Completed = true;
                return;
            }

            exchange.Completed = await endpoint.AnswerAsync(exchange, document.RootElement, pacer);
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
