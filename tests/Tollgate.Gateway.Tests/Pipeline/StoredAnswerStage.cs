using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;

namespace Tollgate.Gateway.Tests.Pipeline;

/// <summary>
/// A stage in the cache's place that answers from stored bytes, as a cache would: a request whose body holds a
/// stored answer's key is answered with that answer; any other goes on down the pipeline.
/// </summary>
internal sealed class StoredAnswerStage(IReadOnlyDictionary<string, StoredBody> answers) : IExchangeStage
{
    public string Name => "cache";

    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        var body = Encoding.UTF8.GetString(exchange.RequestBody.Span);
        foreach (var (key, stored) in answers)
        {
            if (body.Contains(key, StringComparison.Ordinal))
            {
                using var answer = new StoredAnswer(200, exchange.Protocol, stored.Bytes, stored.IsEventStream);
                await exchange.RespondAsync(answer).ConfigureAwait(false);
                return;
            }
        }

        await next(exchange).ConfigureAwait(false);
    }
}
