using System.Globalization;
using Tollgate.Core.Exchange;
using Tollgate.Core.Limits;
using Tollgate.Gateway.Relay;

namespace Tollgate.Gateway.Limits;

/// <summary>
/// The rate limits' refusals, in words a caller can act on: 429 naming the rule (<c>x-tollgate-ratelimit-scope</c>) and
/// its limit, with <c>retry-after</c> in whole seconds, rounded up; without it when the request alone is more than the
/// limit allows, since no wait lets it through; and 400 for a model without a price where a dollar limit applies.
/// </summary>
internal static class RateLimitRefusals
{
    /// <summary>OpenAI's code for a rate limit; its SDK raises a RateLimitError, Anthropic's SDK a RateLimitError on the 429 alone.</summary>
    public const string OpenAICode = "rate_limit_exceeded";

    /// <summary>The refusal of <paramref name="demand"/>, the demand the store refused.</summary>
    public static ExchangeRejection Refusal(RateLimitRule[] rules, RateLimitDemand demand, RateLimitDecision decision)
    {
        var bucket = demand.Bucket;
        var name = NameOf(rules, bucket);
        var limit = Amount(bucket.Unit, bucket.PerMinute);
        var counted = bucket.Unit == RateLimitUnit.Requests ? string.Empty : $" (this request counts {Amount(bucket.Unit, demand.Amount)})";
        var scopeHeader = new KeyValuePair<string, string>(TollgateHeaders.RateLimitScope, HeaderValueEncoding.PercentEncode(name));
        if (decision.NeverFits)
        {
            var advice = bucket.Unit == RateLimitUnit.Requests ? string.Empty : " Lower its output limit or shorten its input.";
            return new ExchangeRejection(429, ErrorTypes.RateLimit, $"This request is more than the rate limit for {name} allows at once: {limit} per minute{counted}.{advice}")
            {
                Code = OpenAICode,
                Headers = [scopeHeader],
                Reason = "rate_limit_too_large",
            };
        }

        var seconds = (long)Math.Ceiling(decision.RetryAfter.TotalSeconds);
        seconds = Math.Max(1, seconds);
        var retryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ExchangeRejection(429, ErrorTypes.RateLimit, $"Rate limit reached for {name}: {limit} per minute{counted}. Try again in {retryAfter} s.")
        {
            Code = OpenAICode,
            Headers = [new("retry-after", retryAfter), scopeHeader],
            Reason = "rate_limit",
        };
    }

    /// <summary>The refusal of a request for a model without a known price while a limit in US dollars counts it.</summary>
    public static ExchangeRejection Unpriced(string model) =>
        new(400, ErrorTypes.InvalidRequest, $"The model '{model}' has no known price, and a rate limit in US dollars applies to this request: add the model to the pricing file, or call a priced model.")
        {
            Param = "model",
            Code = "model_price_unknown",
            Reason = "rate_limit_unpriced",
        };

    private static string NameOf(RateLimitRule[] rules, RateLimitBucket bucket)
    {
        foreach (var rule in rules)
        {
            if (ReferenceEquals(rule.RequestsRule, bucket.Rule) || ReferenceEquals(rule.TokensRule, bucket.Rule) || ReferenceEquals(rule.UsdRule, bucket.Rule))
            {
                return rule.NameFor(bucket.Value);
            }
        }

        return bucket.Rule;
    }

    private static string Amount(RateLimitUnit unit, long amount) => unit switch
    {
        RateLimitUnit.Requests => amount == 1 ? "1 request" : $"{amount} requests",
        RateLimitUnit.Tokens => amount == 1 ? "1 token" : $"{amount} tokens",
        _ => "$" + RateLimitAmounts.Usd(amount).ToString("0.######", CultureInfo.InvariantCulture),
    };
}
