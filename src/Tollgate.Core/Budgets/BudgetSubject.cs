using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Budgets;

/// <summary>
/// What budgets look at in a request: who sent it, what it is for and which model will serve it. A budget applies to a
/// request when its scope and its model and provider filters all match these.
/// </summary>
public readonly record struct BudgetSubject
{
    /// <summary>Name of the virtual key that sent the request, if any.</summary>
    public string? KeyName { get; init; }

    /// <summary>End user the request is attributed to.</summary>
    public string? User { get; init; }

    /// <summary>Feature the request is attributed to.</summary>
    public string? Feature { get; init; }

    /// <summary>Team the request is attributed to.</summary>
    public string? Team { get; init; }

    /// <summary>The request's tags (its key's and those of <c>x-tollgate-tags</c>); null or empty when it has none.</summary>
    public RequestTags? Tags { get; init; }

    /// <summary>The model that will serve the request, by the pricing catalog's canonical name when it has one.</summary>
    public string? Model { get; init; }

    /// <summary>The provider family of that model (<c>openai</c>, <c>anthropic</c>), when known.</summary>
    public string? Provider { get; init; }

    /// <summary>The subject of <paramref name="exchange"/>'s request served by <paramref name="model"/> (priced at <paramref name="price"/>, null when unpriced).</summary>
    public static BudgetSubject Of(ExchangeContext exchange, string? model, ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return new BudgetSubject
        {
            KeyName = exchange.Key?.Name,
            User = exchange.User,
            Feature = exchange.Feature,
            Team = exchange.Team,
            Tags = exchange.Tags,
            Model = price?.Model ?? model,
            Provider = price?.Provider,
        };
    }
}
