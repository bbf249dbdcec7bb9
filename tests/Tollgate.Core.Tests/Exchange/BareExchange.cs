using Tollgate.Core.Exchange;

namespace Tollgate.Core.Tests.Exchange;

/// <summary>An exchange with no transport and no body, for tests of the pipeline's own parts.</summary>
internal sealed class BareExchange : ExchangeContext
{
    public BareExchange()
        : base("req_" + Guid.NewGuid().ToString("N"), WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, "/v1/chat/completions", DateTimeOffset.UtcNow)
    {
    }

    public override bool ResponseStarted => false;

    public override ValueTask RespondAsync(ExchangeAnswer answer, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A bare exchange has nowhere to answer.");
}
