using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Tokens;

/// <summary>The counter over a request body as received, for whoever needs its prompt's size before the provider reports it.</summary>
public sealed partial class TokenCounter
{
    /// <summary>
    /// Estimates the prompt tokens of <paramref name="body"/> as <paramref name="operation"/> reads it (a Responses API body
    /// by <see cref="EstimateResponsesInput"/>, any other by <see cref="EstimateRequestInput"/>); 0 for an empty body or
    /// one that is not JSON.
    /// </summary>
    public long EstimateBodyInput(WireProtocol protocol, ExchangeOperation operation, string? model, ReadOnlyMemory<byte> body) =>
        EstimateParsedInput(protocol, operation, model, body) ?? 0;

    /// <summary>
    /// The prompt tokens of <paramref name="exchange"/>'s body for <paramref name="model"/> as <see cref="EstimateBodyInput"/>
    /// counts them, or null when the body is not JSON. Counted once per body and tokenizer: the rate limits and the budgets
    /// both need the count of the same request, and tokenizing is most of what either costs it. A body a lever replaced
    /// (an input trimmed) or a model with another tokenizer is counted afresh.
    /// </summary>
    public long? EstimateExchangeInput(ExchangeContext exchange, string? model)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var body = exchange.RequestBody;
        var choice = Choose(model);
        if (exchange.InputCount is { } counted && counted.Counts(body, choice.Tokenizer, choice.Scale))
        {
            return counted.Tokens;
        }

        var tokens = EstimateParsedInput(exchange.Protocol, exchange.Operation, model, body);
        exchange.InputCount = new CountedInput(body, choice.Tokenizer, choice.Scale, tokens);
        return tokens;
    }

    private long? EstimateParsedInput(WireProtocol protocol, ExchangeOperation operation, string? model, ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return 0;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return operation == ExchangeOperation.Responses
                ? EstimateResponsesInput(model, document.RootElement)
                : EstimateRequestInput(protocol, model, document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
