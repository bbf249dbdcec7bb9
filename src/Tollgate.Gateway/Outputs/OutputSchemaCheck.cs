using Microsoft.Extensions.Options;
using Tollgate.Core.Exchange;
using Tollgate.Core.Stages;

namespace Tollgate.Gateway.Outputs;

/// <summary>
/// Arms the typed output check, in the guard stage, before any stage can answer: a request that asks for a JSON Schema
/// (<see cref="RequestedSchema"/>), or whose feature declares one (<c>Features:NAME:OutputSchema</c>, the request's own
/// winning), gets an <see cref="OutputValidation"/> that sees its answer whoever produces it. It never refuses: a schema
/// the library cannot compile is the provider's to judge, and the row says it went unchecked.
/// </summary>
internal sealed class OutputSchemaCheck : IGuardCheck
{
    private readonly OutputSchemas _schemas;
    private readonly IOptionsMonitor<GatewayOptions> _options;

    public OutputSchemaCheck(OutputSchemas schemas, IOptionsMonitor<GatewayOptions> options)
    {
        _schemas = schemas;
        _options = options;
    }

    public ValueTask<ExchangeRejection?> CheckAsync(ExchangeContext exchange, CancellationToken cancellationToken)
    {
        var text = RequestedSchema.Find(exchange.RequestBody.Span, exchange.Operation);
        if (text is null && exchange.Feature is { } feature
            && exchange.Operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Responses or ExchangeOperation.Messages
            && _options.CurrentValue.Features.TryGetValue(feature, out var settings) && !string.IsNullOrWhiteSpace(settings?.OutputSchema))
        {
            text = settings.OutputSchema;
        }

        if (text is null)
        {
            return ValueTask.FromResult<ExchangeRejection?>(null);
        }

        if (_schemas.Get(text, out var error) is not { } schema)
        {
            exchange.AddWarning("output not checked: " + error);
            return ValueTask.FromResult<ExchangeRejection?>(null);
        }

        var validation = new OutputValidation(schema, exchange.Operation);
        exchange.OutputCheck = validation;
        exchange.AddAnswerInterceptor(validation);
        return ValueTask.FromResult<ExchangeRejection?>(null);
    }
}
