using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Budgets;
using Tollgate.Gateway.Json;
using Tollgate.Gateway.Protocols;
using Tollgate.Gateway.Tiers;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// <c>/admin/tiers</c>: the tiers configured, with their budgets, rate limits and members; <c>/admin/users/{user}/tier</c>:
/// a user's tier, stored (it overrides <c>Tollgate:Users:USER:Tier</c> until removed); and the budgets of each tier's
/// members, listed with the other budgets by <c>GET /admin/budgets</c>.
/// </summary>
internal static partial class AdminRoutes
{
    private static async Task ListTiersAsync(HttpContext http, IOptionsMonitor<GatewayOptions> options, TierBook tiers, IVirtualKeyStore keys)
    {
        var current = options.CurrentValue;
        var settings = TierSettings.Of(current);
        var members = await tiers.ListMembersAsync(await keys.ListAsync(http.RequestAborted).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
        var list = new List<TierResponse>();
        foreach (var name in settings.Names)
        {
            var tier = current.Tiers[name];
            var (keyCount, userCount) = (0, 0);
            foreach (var member in members)
            {
                if (string.Equals(member.Tier, name, StringComparison.Ordinal))
                {
                    if (member.Member.Kind == BudgetScopeKind.Key)
                    {
                        keyCount++;
                    }
                    else
                    {
                        userCount++;
                    }
                }
            }

            var budgets = settings.Budgets[name];
            var documents = new BudgetDocument[budgets.Length];
            for (var i = 0; i < budgets.Length; i++)
            {
                documents[i] = BudgetDocument.From(budgets[i]);
                documents[i].Scope = null;
            }

            var rules = new List<TierRateLimitResponse>();
            foreach (var rule in tier?.RateLimits ?? [])
            {
                rules.Add(TierRateLimitResponse.From(rule));
            }

            list.Add(new TierResponse(name, string.Equals(name, settings.DefaultTier, StringComparison.Ordinal), documents, [.. rules], keyCount, userCount));
        }

        await WriteJsonAsync(http, 200, list.ToArray(), AdminJsonContext.Default.TierResponseArray).ConfigureAwait(false);
    }

    private static async Task SetUserTierAsync(HttpContext http, string user, IOptionsMonitor<GatewayOptions> options, TierBook tiers)
    {
        TierRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Request.Body, AdminJsonContext.Default.TierRequest, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (string.IsNullOrWhiteSpace(request?.Tier))
        {
            await BadRequestAsync(http, "The body must be a JSON object such as {\"tier\": \"pro\"}.", "tier").ConfigureAwait(false);
            return;
        }

        if (await UnknownTierAsync(http, request.Tier, options.CurrentValue).ConfigureAwait(false) is not { } tier)
        {
            return;
        }

        await tiers.SetUserTierAsync(user, tier, http.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(http, 200, new UserTierResponse(user, tier), AdminJsonContext.Default.UserTierResponse).ConfigureAwait(false);
    }

    private static async Task RemoveUserTierAsync(HttpContext http, string user, TierBook tiers)
    {
        if (await tiers.RemoveUserTierAsync(user, http.RequestAborted).ConfigureAwait(false))
        {
            http.Response.StatusCode = 204;
            return;
        }

        await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 404, ErrorTypes.NotFound, $"User '{user}' has no tier given through the admin API.").ConfigureAwait(false);
    }

    /// <summary>The configured name of the tier <paramref name="tier"/> names, or null after writing a 400 that lists the tiers.</summary>
    private static async Task<string?> UnknownTierAsync(HttpContext http, string tier, GatewayOptions options)
    {
        var settings = TierSettings.Of(options);
        if (settings.TryFind(tier.Trim(), out var configured))
        {
            return configured;
        }

        var known = settings.IsEmpty ? "no tier is configured (Tollgate:Tiers)" : "the tiers are " + string.Join(", ", settings.Names);
        await BadRequestAsync(http, $"There is no tier '{tier}': {known}.", "tier").ConfigureAwait(false);
        return null;
    }

    /// <summary>The state of every tier budget of every member the gateway knows, for <c>GET /admin/budgets</c>.</summary>
    private static async Task AddTierBudgetsAsync(List<BudgetResponse> list, BudgetSet set, TierBook tiers, IVirtualKeyStore keys, IBudgetCounters counters, CancellationToken cancellationToken)
    {
        if (!set.HasTierBudgets)
        {
            return;
        }

        foreach (var member in await tiers.ListMembersAsync(await keys.ListAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
        {
            foreach (var budget in set.TierBudgetsOf(member))
            {
                list.Add(BudgetResponse.From(await counters.GetStateAsync(budget, cancellationToken).ConfigureAwait(false), stored: false));
            }
        }
    }
}
