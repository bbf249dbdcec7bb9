using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// The provider-compatible routes, listed once: mapped onto the <see cref="ExchangeHandlerEndpoint"/>, and known to
/// the fallback, which answers 405 to a known path called with the wrong method and 404 to anything else.
/// </summary>
internal static class ProviderRoutes
{
    public const string HealthPath = "/healthz";

    public static IReadOnlyList<ProviderRoute> All { get; } =
    [
        new("POST", "/v1/chat/completions", WireProtocol.OpenAI, ExchangeOperation.ChatCompletions),
        new("POST", "/v1/embeddings", WireProtocol.OpenAI, ExchangeOperation.Embeddings),
        new("GET", "/v1/models", WireProtocol.OpenAI, ExchangeOperation.Models),
        new("POST", "/v1/messages", WireProtocol.Anthropic, ExchangeOperation.Messages),
        new("POST", "/v1/messages/count_tokens", WireProtocol.Anthropic, ExchangeOperation.CountTokens),
        new("POST", "/v1/responses", WireProtocol.OpenAI, ExchangeOperation.Responses),
        new("POST", "/v1/responses/input_tokens", WireProtocol.OpenAI, ExchangeOperation.ResponsesInputTokens),
        new("GET", "/v1/responses/{id}", WireProtocol.OpenAI, ExchangeOperation.ResponsesRetrieve),
        new("DELETE", "/v1/responses/{id}", WireProtocol.OpenAI, ExchangeOperation.ResponsesDelete),
        new("POST", "/v1/responses/{id}/cancel", WireProtocol.OpenAI, ExchangeOperation.ResponsesCancel),
        new("GET", "/v1/responses/{id}/input_items", WireProtocol.OpenAI, ExchangeOperation.ResponsesInputItems),
    ];

    public static void MapProviderRoutes(this IEndpointRouteBuilder routes)
    {
        var handler = routes.ServiceProvider.GetRequiredService<ExchangeHandlerEndpoint>();
        foreach (var route in All)
        {
            var (protocol, operation, template) = (route.Protocol, route.Operation, route.Path);
            routes.MapMethods(route.Path, [route.Method], context => handler.HandleAsync(context, protocol, operation, template));
        }

        // Tollgate's own /v1 route, authenticated by the same virtual keys.
        routes.MapPost(Feedback.FeedbackEndpoint.Path, routes.ServiceProvider.GetRequiredService<Feedback.FeedbackEndpoint>().HandleAsync);
    }

    /// <summary>Answers a request no route matched, in the error shape of the protocol its path belongs to.</summary>
    public static Task UnknownRouteAsync(HttpContext http)
    {
        var path = http.Request.Path;
        var protocol = ProtocolErrors.ProtocolOfPath(path);
        var known = path.Equals(HealthPath, StringComparison.OrdinalIgnoreCase) || path.Equals(Feedback.FeedbackEndpoint.Path, StringComparison.OrdinalIgnoreCase);
        foreach (var route in All)
        {
            known |= route.Matches(path);
        }

        return known
            ? ProtocolErrors.WriteAsync(http.Response, protocol, 405, ErrorTypes.InvalidRequest, $"{http.Request.Method} is not allowed on {path.Value}.")
            : ProtocolErrors.WriteAsync(http.Response, protocol, 404, ErrorTypes.NotFound, $"Tollgate has no route {http.Request.Method} {path.Value}.");
    }
}
