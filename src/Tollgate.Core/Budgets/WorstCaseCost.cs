using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Requests;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Budgets;

/// <summary>
/// The most a request can cost at the model that will serve it: its counted input tokens at the input price plus its
/// output limit at the output price. The output limit is the one a lever set (the shape stage's cap), else the
/// request's own (<c>max_tokens</c>, <c>max_completion_tokens</c>, <c>max_output_tokens</c>), else the model's maximum
/// output from the pricing catalog. A model with no known price, or with neither an output limit nor a known maximum,
/// has no worst case: <see cref="Of"/> then says why, and a budget must refuse the request rather than take it as free.
/// </summary>
public static class WorstCaseCost
{
    /// <summary>The worst case of <paramref name="exchange"/> at <paramref name="price"/> (null: the model is not priced).</summary>
    /// <param name="exchange">The shaped request.</param>
    /// <param name="model">The model that will serve it, as the request (or a lever) names it.</param>
    /// <param name="price">The model's price, or null when the catalog has none.</param>
    public static WorstCase Of(ExchangeContext exchange, string? model, ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var name = model ?? "(none)";
        if (price is null)
        {
            return WorstCase.Unknown(
                $"The model '{name}' has no known price, so its cost cannot be reserved against the budgets that apply to this request. " +
                "Add the model to a pricing file (the PricingFile setting) with its input_per_million, output_per_million and max_output_tokens.");
        }

        var outputLimit = exchange.OutputLimit;
        if (outputLimit is null && price.OutputPerMillion > 0m)
        {
            if (price.MaxOutputTokens is not { } maximum)
            {
                return WorstCase.Unknown(
                    $"The request sets no output limit and the maximum output of model '{name}' is not known, so its cost cannot be reserved " +
                    "against the budgets that apply to it. Set max_tokens (max_completion_tokens, max_output_tokens) in the request, or give the model " +
                    "max_output_tokens in a pricing file (the PricingFile setting).");
            }

            outputLimit = maximum;
        }

        var input = InputTokens(exchange, model);
        var output = outputLimit ?? 0;
        var usd = price.Cost(new TokenUsage(input, 0, 0, output));
        return new WorstCase(new BudgetCharge(usd, input + output), null);
    }

    /// <summary>
    /// The prompt's tokens as counted before the call, with the system-prompt text levers add. An embeddings input is
    /// taken at the body's length in bytes (no token is shorter than a byte): a bound, and embeddings cost little.
    /// </summary>
    public static long InputTokens(ExchangeContext exchange, string? model)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var body = exchange.RequestBody;
        if (body.IsEmpty)
        {
            return 0;
        }

        if (exchange.Operation == ExchangeOperation.Embeddings)
        {
            return body.Length;
        }

        // Counted once per request: the rate limits have usually counted the same body already.
        if (TokenCounter.Shared.EstimateExchangeInput(exchange, model) is not { } tokens)
        {
            // The edge checked the body; should it still not parse, its length bounds its tokens.
            return body.Length;
        }

        if (exchange.EditsIfAny is { IsEmpty: false } edits)
        {
            foreach (var edit in edits.InEffect)
            {
                if (edit.Kind == RequestEditKind.SystemPrompt && edit.Value is { } text)
                {
                    tokens += TokenCounter.Shared.CountText(model, text) + TokenCounter.PerMessageOverhead;
                }
            }
        }

        return tokens;
    }
}
