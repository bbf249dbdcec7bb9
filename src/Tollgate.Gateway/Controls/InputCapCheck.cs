using System.Globalization;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;
using Tollgate.Core.Stages;

namespace Tollgate.Gateway.Controls;

/// <summary>
/// The guard's input cap: a prompt over the feature's input limit (<c>Input:MaxTokens</c>, counted with the model's
/// tokenizer) is refused with 400, worded as the provider refuses a prompt over the context length, or, with
/// <c>OverLimit: Trim</c>, trimmed of its oldest turns (<see cref="ConversationTrimmer"/>) until it fits. The trimmed
/// body is the request from then on: the cache keys it, budgets count it and the provider receives it. A Responses API
/// request that continues stored state (<c>previous_response_id</c>, <c>conversation</c>) is never trimmed: the
/// history the provider keeps is not in the body, so dropping turns from what is would drop the caller's new input
/// rather than the old; only its body is counted, and refused when over.
/// </summary>
internal sealed class InputCapCheck : IGuardCheck
{
    private readonly RequestControls _controls;

    public InputCapCheck(RequestControls controls) => _controls = controls;

    public ValueTask<ExchangeRejection?> CheckAsync(ExchangeContext exchange, CancellationToken cancellationToken)
    {
        var controls = _controls.For(exchange.Feature);
        if (controls.MaxInputTokens is not { } limit || exchange.RequestBody.IsEmpty
            || exchange.Operation is not (ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses))
        {
            return ValueTask.FromResult<ExchangeRejection?>(null);
        }

        var stateful = exchange.Request.PreviousResponseId is not null || exchange.Request.Conversation;
        var trim = controls.OverLimit == InputOverLimit.Trim && !stateful;
        var measure = ConversationTrimmer.Fit(exchange.RequestBody, exchange.Operation, exchange.Request.Model, limit, trim);
        if (!measure.Fits)
        {
            return ValueTask.FromResult<ExchangeRejection?>(TooLong(exchange, limit, measure.Tokens));
        }

        if (measure.Dropped > 0)
        {
            exchange.RequestBody = measure.Body;
            exchange.AddWarning(string.Create(
                CultureInfo.InvariantCulture,
                $"input trimmed: {measure.Dropped} oldest conversation entries dropped ({measure.Tokens} to {measure.TokensAfter} tokens, limit {limit})"));
        }

        return ValueTask.FromResult<ExchangeRejection?>(null);
    }

    private static ExchangeRejection TooLong(ExchangeContext exchange, long limit, long tokens)
    {
        var feature = exchange.Feature is null ? "this gateway" : $"the feature '{exchange.Feature}'";
        if (exchange.Protocol == WireProtocol.Anthropic)
        {
            return new ExchangeRejection(400, ErrorTypes.InvalidRequest, string.Create(
                CultureInfo.InvariantCulture,
                $"prompt is too long: {tokens} tokens > {limit} maximum (the input limit of {feature})"))
            {
                Reason = "input_too_long",
            };
        }

        var param = exchange.Operation == ExchangeOperation.Responses ? "input" : "messages";
        return new ExchangeRejection(400, ErrorTypes.InvalidRequest, string.Create(
            CultureInfo.InvariantCulture,
            $"The input limit of {feature} is {limit} tokens. However, your {param} resulted in {tokens} tokens. Please reduce the length of the {param}."))
        {
            Param = param,
            Code = "context_length_exceeded",
            Reason = "input_too_long",
        };
    }
}
