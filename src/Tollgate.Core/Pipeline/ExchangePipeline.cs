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

    /// <summary>
    /// Composes <paramref name="stages"/> in the order of <see cref="StageOrder"/>, whatever order they are given in.
    /// </summary>
    /// <exception cref="InvalidOperationException">A stage has a name that is not in <see cref="StageOrder"/>, or two stages share one.</exception>
    public static ExchangePipeline Compose(IEnumerable<IExchangeStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var byPlace = new SortedDictionary<int, IExchangeStage>();
        foreach (var stage in stages)
        {
            var place = StageOrder.IndexOf(stage.Name);
            if (place < 0)
            {
                throw new InvalidOperationException($"Stage '{stage.Name}' ({stage.GetType().Name}) has no place in the stage order: {string.Join(", ", StageOrder.Names)}.");
            }

            if (!byPlace.TryAdd(place, stage))
            {
                throw new InvalidOperationException($"Two stages are named '{stage.Name}': {byPlace[place].GetType().Name} and {stage.GetType().Name}.");
            }
        }

        return new ExchangePipeline(byPlace.Values);
    }

    /// <summary>The stages, in order.</summary>
    public IReadOnlyList<IExchangeStage> Stages { get; }

    /// <summary>Runs an exchange through every stage.</summary>
    public ValueTask RunAsync(ExchangeContext exchange) => _entry(exchange);
}
