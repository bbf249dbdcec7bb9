using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Providers.Simulation.Anthropic;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Models;
using Tollgate.Providers.Simulation.OpenAI;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Responses;

namespace Tollgate.Providers.Simulation;

/// <summary>
/// Maps the simulated provider's routes: the OpenAI routes (<c>POST /v1/chat/completions</c>,
/// <c>POST /v1/embeddings</c>, <c>GET /v1/models</c>, the Responses API's <c>POST /v1/responses</c>,
/// <c>GET</c> and <c>DELETE /v1/responses/{id}</c>, <c>POST /v1/responses/{id}/cancel</c>,
/// <c>GET /v1/responses/{id}/input_items</c> and <c>POST /v1/responses/input_tokens</c>), the Anthropic routes (<c>POST /v1/messages</c>,
/// <c>POST /v1/messages/count_tokens</c>) the request log (<c>GET</c> and <c>DELETE /_simulator/requests</c>), the count of calls in flight (<c>GET /_simulator/in-flight</c>) and the models made to fail (<c>/_simulator/failing-models</c>).
/// <see cref="SimulatorHost"/> serves them.
/// </summary>
public static class SimulatorEndpoints
{
    /// <summary>Path of the request log, relative to where the simulator is mapped.</summary>
    public const string RequestLogPath = "/_simulator/requests";

    /// <summary>Path of the count of calls in flight (<c>{"in_flight": N}</c>), relative to where the simulator is mapped.</summary>
    public const string InFlightPath = "/_simulator/in-flight";

    /// <summary>Path of the models made to fail on every call (<c>GET</c>; <c>PUT</c> and <c>DELETE</c> with <c>/{model}</c>), relative to where the simulator is mapped.</summary>
    public const string FailingModelsPath = "/_simulator/failing-models";

    internal static IEndpointRouteBuilder MapSimulatedProvider(this IEndpointRouteBuilder routes, SimulatorState state)
    {
        routes.MapPost("/v1/chat/completions", Run(state, new ChatEndpoint(new OpenAIChatFormat())));
        routes.MapPost("/v1/embeddings", Run(state, new OpenAIEmbeddingsEndpoint()));
        routes.MapGet("/v1/models", Run(state, new ModelsEndpoint()));
        routes.MapPost("/v1/responses", Run(state, new ResponsesEndpoint()));
        routes.MapPost("/v1/responses/input_tokens", Run(state, new ResponsesInputTokensEndpoint()));
        routes.MapGet("/v1/responses/{id}", Run(state, new StoredResponseEndpoint(StoredResponseAction.Retrieve)));
        routes.MapDelete("/v1/responses/{id}", Run(state, new StoredResponseEndpoint(StoredResponseAction.Delete)));
        routes.MapPost("/v1/responses/{id}/cancel", Run(state, new StoredResponseEndpoint(StoredResponseAction.Cancel)));
        routes.MapGet("/v1/responses/{id}/input_items", Run(state, new StoredResponseEndpoint(StoredResponseAction.InputItems)));
        routes.MapPost("/v1/messages", Run(state, new ChatEndpoint(new AnthropicMessagesFormat())));
        routes.MapPost("/v1/messages/count_tokens", Run(state, new AnthropicCountTokensEndpoint()));
        routes.MapGet(RequestLogPath, context => RequestLogEndpoint.ListAsync(context, state));
        routes.MapGet(InFlightPath, context => RequestLogEndpoint.InFlightAsync(context, state));
        routes.MapDelete(RequestLogPath, context => RequestLogEndpoint.ClearAsync(context, state));
        routes.MapGet(FailingModelsPath, context => Faults.FailingModelsEndpoint.ListAsync(context, state));
        routes.MapPut(FailingModelsPath + "/{model}", context => Faults.FailingModelsEndpoint.FailAsync(context, state, ModelOf(context)));
        routes.MapDelete(FailingModelsPath + "/{model}", context => Faults.FailingModelsEndpoint.RecoverAsync(context, state, ModelOf(context)));
        return routes;
    }

    private static string ModelOf(HttpContext context) => context.Request.RouteValues["model"] as string ?? string.Empty;

    private static RequestDelegate Run(SimulatorState state, SimulatedEndpoint endpoint) =>
        context => SimulatedCall.RunAsync(context, state, endpoint);
}
