using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Budgets;
using Tollgate.Gateway.Json;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// <c>/admin/budgets</c>: the budgets in force with their state (spent, reserved, remaining, resets at), budgets made and
/// changed through the API (stored; one replaces a configured budget of its id until removed), and top-ups of prepaid
/// credits. The listing ends with the features' unit budgets (configured only, in the same shape).
/// </summary>
internal static partial class AdminRoutes
{
    private static async Task ListBudgetsAsync(HttpContext http, BudgetBook budgets, IBudgetCounters counters, UnitBudgets units, IUnitBudgetCounters unitCounters, Tiers.TierBook tiers, Core.Identity.IVirtualKeyStore keys)
    {
        var set = await budgets.GetCurrentAsync(http.RequestAborted).ConfigureAwait(false);
        var unitBudgets = units.All;
        var list = new List<BudgetResponse>(set.All.Count + unitBudgets.Count);
        foreach (var budget in set.All)
        {
            list.Add(await ResponseOfAsync(budget, budgets, counters, http.RequestAborted).ConfigureAwait(false));
        }

        await AddTierBudgetsAsync(list, set, tiers, keys, counters, http.RequestAborted).ConfigureAwait(false);
        foreach (var unit in unitBudgets)
        {
            list.Add(BudgetResponse.From(await unitCounters.GetStateAsync(unit, http.RequestAborted).ConfigureAwait(false)));
        }

        await WriteJsonAsync(http, 200, list.ToArray(), AdminJsonContext.Default.BudgetResponseArray).ConfigureAwait(false);
    }

    private static async Task GetBudgetAsync(HttpContext http, string id, BudgetBook budgets, IBudgetCounters counters)
    {
        if (await FindBudgetAsync(http, id, budgets).ConfigureAwait(false) is { } budget)
        {
            await WriteJsonAsync(http, 200, await ResponseOfAsync(budget, budgets, counters, http.RequestAborted).ConfigureAwait(false), AdminJsonContext.Default.BudgetResponse).ConfigureAwait(false);
        }
    }

    private static Task CreateBudgetAsync(HttpContext http, BudgetBook budgets, IBudgetCounters counters) => PutBudgetAsync(http, null, budgets, counters);

    private static Task ReplaceBudgetAsync(HttpContext http, string id, BudgetBook budgets, IBudgetCounters counters) => PutBudgetAsync(http, id, budgets, counters);

    private static async Task DeleteBudgetAsync(HttpContext http, string id, BudgetBook budgets)
    {
        if (await budgets.DeleteAsync(id, http.RequestAborted).ConfigureAwait(false))
        {
            http.Response.StatusCode = 204;
            return;
        }

        var message = await budgets.FindAsync(id, http.RequestAborted).ConfigureAwait(false) is null
            ? $"There is no budget '{id}'."
            : $"Budget '{id}' comes from the configuration file; remove it there.";
        await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 404, ErrorTypes.NotFound, message).ConfigureAwait(false);
    }

    private static async Task TopUpBudgetAsync(HttpContext http, string id, BudgetBook budgets, IBudgetCounters counters)
    {
        TopUpRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Request.Body, AdminJsonContext.Default.TopUpRequest, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request?.AmountUsd is not { } amount || amount <= 0m)
        {
            await BadRequestAsync(http, "The body must be a JSON object such as {\"amount_usd\": 5} with an amount above 0.", "amount_usd").ConfigureAwait(false);
            return;
        }

        if (await FindBudgetAsync(http, id, budgets).ConfigureAwait(false) is not { } budget)
        {
            return;
        }

        if (budget.Period.Kind != BudgetPeriodKind.None)
        {
            await BadRequestAsync(http, $"Budget '{id}' has period {budget.Period.Name}; only a prepaid credit (period none) is topped up.", null).ConfigureAwait(false);
            return;
        }

        var toppedUp = await budgets.TopUpAsync(id, amount, http.RequestAborted).ConfigureAwait(false) ?? budget;
        await WriteJsonAsync(http, 200, await ResponseOfAsync(toppedUp, budgets, counters, http.RequestAborted).ConfigureAwait(false), AdminJsonContext.Default.BudgetResponse).ConfigureAwait(false);
    }

    private static async Task PutBudgetAsync(HttpContext http, string? id, BudgetBook budgets, IBudgetCounters counters)
    {
        BudgetDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync(http.Request.Body, AdminJsonContext.Default.BudgetDocument, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            document = null;
        }

        if (document is null)
        {
            await BadRequestAsync(http, "The body must be a JSON object such as {\"id\": \"search-day\", \"scope\": \"feature:search\", \"limit_usd\": 20, \"period\": \"day\"}.", null).ConfigureAwait(false);
            return;
        }

        if (id is not null && document.Id is not null && document.Id != id)
        {
            await BadRequestAsync(http, $"The body's id '{document.Id}' is not the route's '{id}'.", "id").ConfigureAwait(false);
            return;
        }

        if (document.ToDefinition(id, out var problems) is not { } budget)
        {
            await BadRequestAsync(http, $"The budget is not valid: {string.Join("; ", problems)}.", null).ConfigureAwait(false);
            return;
        }

        await budgets.GetCurrentAsync(http.RequestAborted).ConfigureAwait(false); // the stored budgets, read
        var created = !budgets.IsStored(budget.Id);
        if (id is null && !created)
        {
            await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 409, ErrorTypes.Conflict, $"Budget '{budget.Id}' exists; change it with PUT /admin/budgets/{budget.Id}.", "id").ConfigureAwait(false);
            return;
        }

        await budgets.PutAsync(budget, http.RequestAborted).ConfigureAwait(false);
        var stored = await budgets.FindAsync(budget.Id, http.RequestAborted).ConfigureAwait(false) ?? budget;
        await WriteJsonAsync(http, created ? 201 : 200, await ResponseOfAsync(stored, budgets, counters, http.RequestAborted).ConfigureAwait(false), AdminJsonContext.Default.BudgetResponse).ConfigureAwait(false);
    }

    private static async Task<BudgetDefinition?> FindBudgetAsync(HttpContext http, string id, BudgetBook budgets)
    {
        var budget = await budgets.FindAsync(id, http.RequestAborted).ConfigureAwait(false);
        if (budget is null)
        {
            await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 404, ErrorTypes.NotFound, $"There is no budget '{id}'.").ConfigureAwait(false);
        }

        return budget;
    }

    private static async Task<BudgetResponse> ResponseOfAsync(BudgetDefinition budget, BudgetBook budgets, IBudgetCounters counters, CancellationToken cancellationToken) =>
        BudgetResponse.From(await counters.GetStateAsync(budget, cancellationToken).ConfigureAwait(false), budgets.IsStored(budget.Id));
}
