using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.Protocols.Answers;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>
/// A stage in the cache's place that answers every chat stream request with the stream made from one stored body, as a
/// cache hit would: for a client that did not ask for usage, it says the usage was added for it, so the relay takes out
/// what <c>include_usage</c> adds.
/// </summary>
internal sealed class SynthesizedStreamStage(byte[] storedBody) : IExchangeStage
{
    public string Name => "cache";

    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        exchange.StreamUsageAddedByGateway = !exchange.Request.ClientIncludesUsage;
        using var answer = new StoredAnswer(200, exchange.Protocol, AnswerForms.ToEventStream(exchange.Operation, storedBody), isEventStream: true);
        await exchange.RespondAsync(answer).ConfigureAwait(false);
    }
}
