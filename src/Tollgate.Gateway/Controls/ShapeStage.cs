using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.PromptCaching;

namespace Tollgate.Gateway.Controls;

/// <summary>
/// The <c>shape</c> stage: makes a request that reaches a provider the shape its feature's settings ask for, as edits
/// of the body (<see cref="ExchangeContext.Edits"/>), after the cache and coalescing (which key the request as the
/// client sent it, with the settings' fingerprint) and before <c>reserve</c>, which reads the limit set here
/// (<see cref="ExchangeContext.OutputLimit"/>):
/// <list type="bullet">
/// <item>the feature's pinned model (<c>Features:NAME:Model</c>), unless the route stage sent the request to another
/// (a budget's degrade, which starts from the pinned model);</item>
/// <item>the output limit: a default where the client names none, lowered to the cap where it is larger (Anthropic
/// always names one, so only the cap applies there), added as <c>max_tokens</c> or, for OpenAI's reasoning models,
/// <c>max_completion_tokens</c> (the Responses API: <c>max_output_tokens</c>, never below the 16 it accepts), and
/// replaced in place where the client named it;</item>
/// <item>stop sequences after the client's own, where the API takes them;</item>
/// <item>a concise-output instruction appended to the system prompt;</item>
/// <item>provider prompt-cache hints (<see cref="PromptCacheHints"/>), for the model the request is sent to.</item>
/// </list>
/// Read per request, so an edit of the <c>--config</c> file applies to the next one.
/// </summary>
internal sealed class ShapeStage : IExchangeStage
{
    /// <summary>The lever named by the model edit of a feature's pinned model.</summary>
    public const string FeatureModelLever = "feature-model";

    /// <summary>The lever named by the stop sequences and the concise instruction a feature's settings add.</summary>
    public const string OutputPolicyLever = "output-policy";

    /// <summary>The smallest <c>max_output_tokens</c> the Responses API accepts: a lower limit is raised to it there.</summary>
    public const int ResponsesMinimumOutputTokens = 16;

    private readonly RequestControls _controls;
    private readonly PromptCacheHints _promptCache;

    public ShapeStage(RequestControls controls, PromptCacheHints promptCache)
    {
        _controls = controls;
        _promptCache = promptCache;
    }

    public string Name => "shape";

    public ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        var operation = exchange.Operation;
        if (operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses
            or ExchangeOperation.CountTokens or ExchangeOperation.ResponsesInputTokens)
        {
            var controls = _controls.For(exchange.Feature);
            if (controls.ShapesOutput)
            {
                Shape(exchange, controls);
            }

            _promptCache.Apply(exchange, exchange.EditsIfAny?.Model ?? exchange.Request.Model, controls.PromptCache);
        }

        return next(exchange);
    }

    private static void Shape(ExchangeContext exchange, FeatureControls controls)
    {
        // The route stage runs first and starts from the pinned model: a model it chose (a budget's degrade) wins over the pin.
        var model = exchange.EditsIfAny?.Model ?? exchange.Request.Model;
        if (exchange.Routing is null && controls.Model is { } pinned && !string.Equals(pinned, model, StringComparison.Ordinal))
        {
            exchange.Edits.SetModel(pinned, FeatureModelLever);
            model = pinned;
        }

        // Token counts answer nothing: they take the model and the system prompt, never an output limit or stops.
        if (exchange.Operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses)
        {
            var reasoning = exchange.Protocol == WireProtocol.OpenAI && ReasoningModels.Includes(model);
            LimitOutput(exchange, controls, reasoning);

            // The Responses API has no stop sequences, and OpenAI's reasoning models refuse them.
            if (exchange.Operation != ExchangeOperation.Responses && !reasoning)
            {
                foreach (var sequence in controls.StopSequences)
                {
                    exchange.Edits.AddStopSequence(sequence, OutputPolicyLever);
                }
            }
        }

        if (controls.ConciseInstruction is { } instruction)
        {
            exchange.Edits.AppendToSystemPrompt(instruction, OutputPolicyLever);
        }
    }

    private static void LimitOutput(ExchangeContext exchange, FeatureControls controls, bool reasoning)
    {
        var asked = exchange.Request.MaxTokens;
        var limit = asked ?? controls.DefaultMaxTokens;
        if (controls.MaxTokensCap is { } cap && (limit is null || limit > cap))
        {
            limit = cap;
        }

        if (exchange.Operation == ExchangeOperation.Responses && limit < ResponsesMinimumOutputTokens)
        {
            limit = ResponsesMinimumOutputTokens;
        }

        if (limit is { } tokens && tokens != asked)
        {
            exchange.Edits.SetMaxOutputTokens(tokens, Levers.OutputCap, addAsMaxTokens: !reasoning);
        }
    }
}
