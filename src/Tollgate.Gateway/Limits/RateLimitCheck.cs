using Microsoft.Extensions.Options;
using Tollgate.Core.Exchange;
using Tollgate.Core.Limits;
using Tollgate.Core.Pricing;
using Tollgate.Core.Stages;
using Tollgate.Core.Tokens;

namespace Tollgate.Gateway.Limits;

/// <summary>
/// The guard's rate limits: every rule of <see cref="RateLimitSettings"/> that counts the request takes its amount from
/// the request's allowance (1 request; its counted input and output limit in tokens; its worst-case cost in dollars),
/// all of them or none, before the cache, so cache hits count too. A request over a limit is refused with 429 and
/// <c>retry-after</c> (<see cref="RateLimitRefusals"/>); what a request took in tokens and dollars is corrected to its
/// usage and cost once it is settled (<see cref="RateLimitSettlement"/>).
/// </summary>
internal sealed class RateLimitCheck : IGuardCheck
{
    private readonly IRateLimitStore _store;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly PricingCatalog _pricing;
    private readonly TimeProvider _time;

    public RateLimitCheck(IRateLimitStore store, IOptionsMonitor<GatewayOptions> options, PricingCatalog pricing, TimeProvider time)
    {
        _store = store;
        _options = options;
        _pricing = pricing;
        _time = time;
    }

    public async ValueTask<ExchangeRejection?> CheckAsync(ExchangeContext exchange, CancellationToken cancellationToken)
    {
        // Read per exchange, so an edit of the --config file applies to the requests that follow it.
        var rules = RateLimitSettings.RulesOf(_options.CurrentValue);
        if (rules.Length == 0)
        {
            return null;
        }

        // A first pass sizes the demands and says whether the request's tokens must be counted at all.
        var count = 0;
        var countTokens = false;
        var priceCost = false;
        foreach (var rule in rules)
        {
            if (rule.ValueFor(exchange) is null)
            {
                continue;
            }

            count += (rule.RequestsPerMinute is null ? 0 : 1) + (rule.TokensPerMinute is null ? 0 : 1) + (rule.UsdPerMinute is null ? 0 : 1);
            countTokens |= rule.TokensPerMinute is not null;
            priceCost |= rule.UsdPerMinute is not null;
        }

        if (count == 0)
        {
            return null;
        }

        var model = exchange.Request.Model;
        var output = exchange.Request.MaxTokens ?? 0;
        var input = countTokens || priceCost ? TokenCounter.Shared.EstimateExchangeInput(exchange, model) ?? 0 : 0;
        long usdMicros = 0;
        if (priceCost && model is not null)
        {
            if (_pricing.Find(model) is not { } price)
            {
                return RateLimitRefusals.Unpriced(model);
            }

            usdMicros = RateLimitAmounts.Micros(price.Cost(new TokenUsage(input, 0, 0, output)));
        }

        var demands = new RateLimitDemand[count];
        var next = 0;
        foreach (var rule in rules)
        {
            if (rule.ValueFor(exchange) is not { } value)
            {
                continue;
            }

            if (rule.RequestsPerMinute is { } requests)
            {
                demands[next++] = new(new(rule.RequestsRule, value, RateLimitUnit.Requests, requests), 1);
            }

            if (rule.TokensPerMinute is { } tokens)
            {
                demands[next++] = new(new(rule.TokensRule, value, RateLimitUnit.Tokens, tokens), input + output);
            }

            if (rule.UsdMicrosPerMinute is { } micros)
            {
                demands[next++] = new(new(rule.UsdRule, value, RateLimitUnit.Usd, micros), usdMicros);
            }
        }

        var decision = await _store.AcquireAsync(demands, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            return RateLimitRefusals.Refusal(rules, demands[decision.RefusedIndex], decision);
        }

        exchange.RateLimits = new RateLimitCharge(demands);
        return null;
    }
}
