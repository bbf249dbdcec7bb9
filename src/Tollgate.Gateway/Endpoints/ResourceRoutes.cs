using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// What the edge needs to know of the routes that act on a stored resource (<c>GET /v1/responses/{id}</c> …) and of
/// the routes without a body: which name an id, which pass their query on, and what a bad id is answered with.
/// </summary>
internal static class ResourceRoutes
{
    /// <summary>Longest id accepted; the provider's ids are a few dozen characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Whether the operation's route has an <c>{id}</c> segment.</summary>
    public static bool NamesResource(ExchangeOperation operation) =>
        operation is ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesDelete
            or ExchangeOperation.ResponsesCancel or ExchangeOperation.ResponsesInputItems;

    /// <summary>Whether the operation's query (<c>include[]</c>, <c>after</c>, <c>limit</c>, <c>order</c>, <c>stream</c>) goes on to the provider.</summary>
    public static bool PassesQuery(ExchangeOperation operation) =>
        operation is ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesInputItems;

    /// <summary>Whether a request of the operation carries a JSON body (GET, DELETE and a cancel do not).</summary>
    public static bool HasBody(ExchangeOperation operation) =>
        operation is not (ExchangeOperation.Models or ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesDelete
            or ExchangeOperation.ResponsesCancel or ExchangeOperation.ResponsesInputItems);

    /// <summary>Whether <paramref name="id"/> is a plain provider id: letters, digits, <c>_</c> and <c>-</c>, at most <see cref="MaxIdLength"/>.</summary>
    public static bool IsPlainId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The refusal of an id that is not plain, in OpenAI's words; the id itself is not echoed (it may hold anything).</summary>
    public static ExchangeRejection BadIdRejection() =>
        new(400, ErrorTypes.InvalidRequest, $"Invalid 'response_id': expected an ID of letters, digits, '_' and '-' (at most {MaxIdLength} characters).")
        {
            Param = "response_id",
            Code = "invalid_value",
        };

    /// <summary>The facts of a request without a body: a retrieval with <c>?stream=true</c> is answered with events.</summary>
    public static RequestFacts FactsOf(HttpRequest request, ExchangeOperation operation) =>
        operation == ExchangeOperation.ResponsesRetrieve && request.Query.TryGetValue("stream", out var stream)
            && string.Equals(stream.ToString(), "true", StringComparison.OrdinalIgnoreCase)
            ? new RequestFacts { Stream = true }
            : default;
}
