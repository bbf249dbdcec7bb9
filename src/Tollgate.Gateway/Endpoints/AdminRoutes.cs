using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Exchange;
using Tollgate.Core.Budgets;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Relay;
using Tollgate.Gateway.Budgets;
using Tollgate.Gateway.Dashboard;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Json;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// <c>/admin/*</c>: spend reports and prices (<c>AdminRoutes.Money.cs</c>), the response cache (<c>AdminRoutes.Cache.cs</c>),
/// budgets (<c>AdminRoutes.Budgets.cs</c>), alerts (<c>AdminRoutes.Alerts.cs</c>), settings (<c>AdminRoutes.Config.cs</c>),
/// the dashboard's reads of a period (<c>AdminRoutes.Periods.cs</c>), ledger rows and virtual keys. Guarded by
/// <see cref="AdminAccess"/>: <c>TOLLGATE_ADMIN_KEY</c> (a constant-time comparison), or for reads a dashboard session;
/// without a key configured, only loopback callers are served.
/// Errors use the OpenAI error shape.
/// </summary>
internal static partial class AdminRoutes
{
    public static void MapAdminRoutes(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
        {
            // A refusal is written by AuthoriseAsync; an empty result keeps the framework from writing anything after it.
            return await AuthoriseAsync(context.HttpContext).ConfigureAwait(false) ? await next(context).ConfigureAwait(false) : Results.Empty;
        });

        admin.MapGet("/spend", GetSpendAsync);
        admin.MapGet("/spend/timeline", GetSpendTimelineAsync);
        admin.MapGet("/tokens/histogram", GetTokenHistogramAsync);
        admin.MapGet("/outliers", GetOutliersAsync);
        admin.MapGet("/pricing", GetPricingAsync);
        admin.MapGet("/cache", GetCacheAsync);
        admin.MapDelete("/cache", PurgeCacheAsync);
        admin.MapGet("/requests/{id}", GetRequestAsync);
        admin.MapPost("/keys", CreateKeyAsync);
        admin.MapGet("/keys", ListKeysAsync);
        admin.MapDelete("/keys/{idOrName}", RevokeKeyAsync);
        admin.MapGet("/budgets", ListBudgetsAsync);
        admin.MapPost("/budgets", CreateBudgetAsync);
        admin.MapGet("/budgets/{id}", GetBudgetAsync);
        admin.MapPut("/budgets/{id}", ReplaceBudgetAsync);
        admin.MapDelete("/budgets/{id}", DeleteBudgetAsync);
        admin.MapPost("/budgets/{id}/topup", TopUpBudgetAsync);
        admin.MapGet("/tiers", ListTiersAsync);
        admin.MapPut("/users/{user}/tier", SetUserTierAsync);
        admin.MapDelete("/users/{user}/tier", RemoveUserTierAsync);
        admin.MapGet("/alerts", ListAlertsAsync);
        admin.MapPost("/alerts/test", RaiseTestAlertAsync);
        admin.MapGet("/findings", ListFindingsAsync);
        admin.MapGet("/config", GetConfigAsync);
        admin.MapPut("/config/{**path}", PutConfigAsync);
        admin.MapDelete("/config/{**path}", DeleteConfigAsync);

        // The admins' dashboard, which reads the routes above.
        routes.MapDashboard();
    }

    /// <summary>
    /// Whether the caller may read or change admin data (<see cref="AdminAccess"/>: the admin key, a dashboard session
    /// for reads, or loopback while no key is configured); when not, the 401 is written and false returned.
    /// <c>/admin/*</c> and a closed <c>/metrics</c> ask this.
    /// </summary>
    public static async Task<bool> AuthoriseAsync(HttpContext http)
    {
        var settings = http.RequestServices.GetRequiredService<GatewaySettings>();
        if (AdminAccess.IsAuthorised(http, settings.AdminKey, http.RequestServices.GetService<DashboardSessions>()))
        {
            return true;
        }

        await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 401, ErrorTypes.Authentication,
            settings.AdminKey is null
                ? "Admin routes serve only loopback callers until TOLLGATE_ADMIN_KEY is set."
                : "Missing or wrong admin key: send 'Authorization: Bearer $TOLLGATE_ADMIN_KEY'.").ConfigureAwait(false);
        return false;
    }

    private static async Task GetRequestAsync(HttpContext http, string id, ILedgerStore ledger)
    {
        var entry = await ledger.GetAsync(id, http.RequestAborted).ConfigureAwait(false);
        if (entry is null)
        {
            await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 404, ErrorTypes.NotFound, $"No ledger row for request '{id}'.").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(http, 200, entry, AdminJsonContext.Default.LedgerEntry).ConfigureAwait(false);
    }

    private static async Task CreateKeyAsync(HttpContext http, IVirtualKeyStore keys, VirtualKeyResolver resolver, AuthenticationMode mode, BudgetBook budgets, Microsoft.Extensions.Options.IOptionsMonitor<GatewayOptions> options)
    {
        KeyRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Request.Body, AdminJsonContext.Default.KeyRequest, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await BadRequestAsync(http, "The body must be a JSON object such as {\"name\": \"search-service\", \"team\": \"core\", \"open_attribution\": [\"feature\", \"user\"], \"tags\": {\"project\": \"atlas\"}}.", null).ConfigureAwait(false);
            return;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Name))
        {
            await BadRequestAsync(http, "'name' is required.", "name").ConfigureAwait(false);
            return;
        }

        VirtualKeySpec spec;
        try
        {
            spec = new VirtualKeySpec(request.Name.Trim(), Blank(request.User), Blank(request.Feature), Blank(request.Team), AttributionFieldNames.Parse(request.OpenAttribution));
        }
        catch (ArgumentException exception)
        {
            await BadRequestAsync(http, WithoutParameter(exception), "open_attribution").ConfigureAwait(false);
            return;
        }

        try
        {
            spec = spec with { Tags = RequestTags.Create(request.Tags) };
        }
        catch (ArgumentException exception)
        {
            await BadRequestAsync(http, WithoutParameter(exception), "tags").ConfigureAwait(false);
            return;
        }

        if (request.Tier is { } tier)
        {
            if (await UnknownTierAsync(http, tier, options.CurrentValue).ConfigureAwait(false) is not { } configured)
            {
                return;
            }

            spec = spec with { Tier = configured };
        }

        BudgetDefinition? budget = null;
        if (request.Budget is { } budgetRequest && (budget = KeyBudget.Define(spec.Name, budgetRequest, out var budgetProblems)) is null)
        {
            await BadRequestAsync(http, $"The key's budget is not valid: {string.Join("; ", budgetProblems)}.", "budget").ConfigureAwait(false);
            return;
        }

        CreatedVirtualKey created;
        try
        {
            created = await keys.CreateAsync(spec, http.RequestAborted).ConfigureAwait(false);
        }
        catch (VirtualKeyNameTakenException exception)
        {
            await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 409, ErrorTypes.Conflict, exception.Message, "name").ConfigureAwait(false);
            return;
        }
        catch (ArgumentException exception)
        {
            await BadRequestAsync(http, WithoutParameter(exception), exception.ParamName == nameof(VirtualKeySpec.OpenAttribution) ? "open_attribution" : "name").ConfigureAwait(false);
            return;
        }

        if (budget is not null)
        {
            await budgets.PutAsync(budget, http.RequestAborted).ConfigureAwait(false);
        }

        resolver.Invalidate();
        await mode.KeysInUseAsync(http.RequestAborted).ConfigureAwait(false); // logs the change of mode now, if this was the first key
        await WriteJsonAsync(http, 201, KeyResponse.From(created.Key, created.Secret), AdminJsonContext.Default.KeyResponse).ConfigureAwait(false);
    }

    private static async Task ListKeysAsync(HttpContext http, IVirtualKeyStore keys)
    {
        var list = await keys.ListAsync(http.RequestAborted).ConfigureAwait(false);
        var result = new KeyResponse[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            result[i] = KeyResponse.From(list[i]);
        }

        await WriteJsonAsync(http, 200, result, AdminJsonContext.Default.KeyResponseArray).ConfigureAwait(false);
    }

    private static async Task RevokeKeyAsync(HttpContext http, string idOrName, IVirtualKeyStore keys, VirtualKeyResolver resolver, AuthenticationMode mode)
    {
        if (!await keys.RevokeAsync(idOrName, http.RequestAborted).ConfigureAwait(false))
        {
            await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 404, ErrorTypes.NotFound, $"No active key '{idOrName}'.").ConfigureAwait(false);
            return;
        }

        resolver.Invalidate();
        if (!await keys.AnyActiveAsync(http.RequestAborted).ConfigureAwait(false))
        {
            mode.ReportLastKeyRevoked();
        }

        http.Response.StatusCode = 204;
    }

    private static Task BadRequestAsync(HttpContext http, string message, string? param) =>
        ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 400, ErrorTypes.InvalidRequest, message, param);

    private static async Task WriteJsonAsync<T>(HttpContext http, int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, value, type, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The message alone, without .NET's "(Parameter 'spec')": the caller sent no such field.</summary>
    private static string WithoutParameter(ArgumentException exception) =>
        exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
