using Microsoft.Extensions.Options;
using Tollgate.Core.Exchange;
using Tollgate.Core.Responses;
using Tollgate.Core.Stages;

namespace Tollgate.Gateway.Responses;

/// <summary>
/// The guard's check on stored responses: a <c>GET</c>, <c>DELETE</c>, <c>cancel</c> or <c>input_items</c> naming a
/// response, or a <c>POST /v1/responses</c> continuing one with <c>previous_response_id</c>, reaches the provider only
/// when <see cref="ResponseAccess"/> allows the caller that response. A refusal is answered as OpenAI answers an id it
/// does not know (404, its words), so it does not confirm that another tenant's id exists.
/// </summary>
internal sealed class ResponseAccessCheck : IGuardCheck
{
    private readonly IResponseOwnershipStore _owners;
    private readonly IOptionsMonitor<GatewayOptions> _options;

    public ResponseAccessCheck(IResponseOwnershipStore owners, IOptionsMonitor<GatewayOptions> options)
    {
        _owners = owners;
        _options = options;
    }

    public async ValueTask<ExchangeRejection?> CheckAsync(ExchangeContext exchange, CancellationToken cancellationToken)
    {
        var continues = exchange.Operation == ExchangeOperation.Responses;
        var responseId = exchange.Operation switch
        {
            ExchangeOperation.Responses => exchange.Request.PreviousResponseId,
            ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesDelete
                or ExchangeOperation.ResponsesCancel or ExchangeOperation.ResponsesInputItems => exchange.ResourceId,
            _ => null,
        };
        if (responseId is null)
        {
            return null;
        }

        // Read per exchange, so an edit of the --config file applies to the requests that follow it.
        var isolation = _options.CurrentValue.Responses.Isolation;
        if (isolation == ResponseIsolation.None)
        {
            return null;
        }

        // The key's own name and team, never a team named in a header: a caller who may name its team could otherwise
        // claim any team's responses.
        var owner = await _owners.FindAsync(responseId, cancellationToken).ConfigureAwait(false);
        if (ResponseAccess.Allows(owner, exchange.Key?.Name, exchange.Key?.Team, isolation))
        {
            return null;
        }

        return continues
            ? new ExchangeRejection(404, ErrorTypes.ResponseNotFound, $"Previous response with id '{responseId}' not found.")
            {
                Param = "previous_response_id",
                Code = "previous_response_not_found",
            }
            : new ExchangeRejection(404, ErrorTypes.ResponseNotFound, $"Response with id '{responseId}' not found.");
    }
}
