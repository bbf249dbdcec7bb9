using Tollgate.Core.Exchange;

namespace Tollgate.Core.Pipeline;

/// <summary>
/// The ordered chain of stages, composed once at start-up so a request costs no allocation to traverse it.
/// The last stage is terminal: it receives a <c>next</c> that does nothing.
/// </summary>
public sealed class ExchangePipeline
{
    private static readonly ExchangeHandler End = static _ => ValueTask.CompletedTask;
    private readonly ExchangeHandler _entry;

    /// <summary>Composes <paramref name="stages"/> in order.</summary>
    public ExchangePipeline(IEnumerable<IExchangeStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        Stages = [.. stages];
        var handler = End;
        for (var i = Stages.Count - 1; i >= 0; i--)
        {
            var stage = Stages[i];
            var next = handler;
            handler = exchange => stage.InvokeAsync(exchange, next);
        }

        _entry = handler;
    }

    /// <summary>The stages, in order.</summary>
    public IReadOnlyList<IExchangeStage> Stages { get; }

    /// <summary>Runs an exchange through every stage.</summary>
    public ValueTask RunAsync(ExchangeContext exchange) => _entry(exchange);
}
