using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Pricing;
using Tollgate.Core.Tiers;

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

    /// <summary>The request's tier and the member its tier budgets count for; null when it has none.</summary>
    public TierMembership? Tier { get; init; }

    /// <summary>The model that will serve the request, by the pricing catalog's canonical name when it has one.</summary>
    public string? Model { get; init; }

    /// <summary>The provider family of that model (<c>openai</c>, <c>anthropic</c>), when known.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// What budgets see of <paramref name="exchange"/>'s request when <paramref name="model"/> serves it: its caller and
    /// tags, and the model by the catalog's canonical name and provider family (<paramref name="price"/>, when priced).
    /// </summary>
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
            Tier = exchange.Tier,
            Model = price?.Model ?? model,
            Provider = price?.Provider,
        };
    }
}
