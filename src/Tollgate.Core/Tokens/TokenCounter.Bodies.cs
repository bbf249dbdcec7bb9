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
    public long EstimateBodyInput(WireProtocol protocol, ExchangeOperation operation, string? model, ReadOnlyMemory<byte> body)
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
            return 0;
        }
    }
}
