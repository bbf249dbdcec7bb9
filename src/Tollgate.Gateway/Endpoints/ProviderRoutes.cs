using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Endpoints;

/// <summary>Maps the provider-compatible routes onto the <see cref="ExchangeHandlerEndpoint"/>.</summary>
internal static class ProviderRoutes
{
    public static void MapProviderRoutes(this IEndpointRouteBuilder routes)
    {
        var handler = routes.ServiceProvider.GetRequiredService<ExchangeHandlerEndpoint>();
        routes.MapPost("/v1/chat/completions", context => handler.HandleAsync(context, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions));
        routes.MapPost("/v1/embeddings", context => handler.HandleAsync(context, WireProtocol.OpenAI, ExchangeOperation.Embeddings));
        routes.MapGet("/v1/models", context => handler.HandleAsync(context, WireProtocol.OpenAI, ExchangeOperation.Models));
        routes.MapPost("/v1/messages", context => handler.HandleAsync(context, WireProtocol.Anthropic, ExchangeOperation.Messages));
        routes.MapPost("/v1/messages/count_tokens", context => handler.HandleAsync(context, WireProtocol.Anthropic, ExchangeOperation.CountTokens));
    }
}
