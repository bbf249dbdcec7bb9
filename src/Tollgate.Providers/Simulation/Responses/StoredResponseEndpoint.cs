using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.OpenAI;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>
/// The routes under <c>/v1/responses/{id}</c>: retrieve, delete, cancel (background responses only) and list the input
/// items. An id the store does not hold (never made, made with <c>store: false</c>, deleted, or pushed out by newer ones)
/// gets OpenAI's 404.
/// </summary>
internal sealed class StoredResponseEndpoint(StoredResponseAction action) : SimulatedEndpoint(OpenAIErrors.Instance)
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public override bool ReadsBody => false;

    public override async ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer)
    {
        var context = exchange.Context;
        var state = exchange.State;
        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        var stored = state.Responses.Find(id);
        if (stored is null)
        {
            await Errors.ProblemAsync(context.Response, StatusCodes.Status404NotFound, new RequestProblem($"Response with id '{id}' not found."), exchange.Aborted);
            return true;
        }

        exchange.Model = stored.Model;
        var now = state.Options.TimeProvider.GetUtcNow();
        switch (action)
        {
            case StoredResponseAction.Delete:
                state.Responses.Remove(id);
                await JsonWire.WriteBodyAsync(context.Response, StatusCodes.Status200OK, id, static (writer, deleted) =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("id"u8, deleted);
                    writer.WriteString("object"u8, "response"u8);
                    writer.WriteBoolean("deleted"u8, true);
                    writer.WriteEndObject();
                }, exchange.Aborted);
                return true;
            case StoredResponseAction.Cancel:
                if (!stored.Background)
                {
                    await Errors.ProblemAsync(context.Response, StatusCodes.Status400BadRequest, new RequestProblem("Cannot cancel a synchronous response."), exchange.Aborted);
                    return true;
                }

                // Cancelling a response that has already ended changes nothing and answers it as it is.
                stored.TryCancel(now);
                break;
            case StoredResponseAction.InputItems:
                return await ListInputItemsAsync(context, stored, exchange.Aborted);
        }

        await JsonWire.WriteBodyAsync(context.Response, StatusCodes.Status200OK, (stored, status: stored.StatusAt(now)), static (writer, s) => ResponsesWire.WriteResponse(writer, s.stored, s.status), exchange.Aborted);
        return true;
    }

    private static OpenAIErrors Errors => OpenAIErrors.Instance;

    /// <summary>A page of the input items: <c>order</c> <c>desc</c> (newest first, the default) or <c>asc</c>, <c>limit</c> 1 to 100 (default 20), and <c>after</c> an item id.</summary>
    private static async Task<bool> ListInputItemsAsync(HttpContext context, StoredResponse stored, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var order = query.TryGetValue("order", out var o) && o.Count > 0 ? o[0] : "desc";
        if (order is not ("asc" or "desc"))
        {
            await Errors.ProblemAsync(context.Response, StatusCodes.Status400BadRequest, new RequestProblem($"Invalid value: '{order}'. Supported values are: 'asc' and 'desc'.", "order", "invalid_value"), cancellationToken);
            return true;
        }

        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var l) && l.Count > 0
            && (!int.TryParse(l[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            await Errors.ProblemAsync(context.Response, StatusCodes.Status400BadRequest, new RequestProblem($"Invalid 'limit': expected an integer between 1 and {MaxLimit}, but got '{l[0]}' instead.", "limit", "invalid_value"), cancellationToken);
            return true;
        }

        var items = order == "asc" ? stored.InputItems : stored.InputItems.Reverse().ToArray();
        var start = 0;
        if (query.TryGetValue("after", out var a) && a.Count > 0 && a[0] is { Length: > 0 } after)
        {
            var found = Array.FindIndex(items.ToArray(), item => JsonRead.String(item, "id") == after);
            start = found < 0 ? items.Count : found + 1;
        }

        var page = items.Skip(start).Take(limit).ToArray();
        var hasMore = start + page.Length < items.Count;
        await JsonWire.WriteBodyAsync(context.Response, StatusCodes.Status200OK, (page, hasMore), static (writer, s) =>
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "list"u8);
            writer.WriteStartArray("data"u8);
            foreach (var item in s.page)
            {
                item.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteString("first_id"u8, s.page.Length > 0 ? JsonRead.String(s.page[0], "id") : null);
            writer.WriteString("last_id"u8, s.page.Length > 0 ? JsonRead.String(s.page[^1], "id") : null);
            writer.WriteBoolean("has_more"u8, s.hasMore);
            writer.WriteEndObject();
        }, cancellationToken);
        return true;
    }
}
