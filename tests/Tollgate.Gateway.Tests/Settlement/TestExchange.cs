using System.Text;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Tests.Settlement;

/// <summary>An exchange with no transport, for settling by hand.</summary>
internal sealed class TestExchange : ExchangeContext
{
    public TestExchange(string body, string model, ExchangeOperation operation = ExchangeOperation.ChatCompletions)
        : base("req_" + Guid.NewGuid().ToString("N"), WireProtocol.OpenAI, operation, "/v1/chat/completions", DateTimeOffset.UtcNow)
    {
        RequestBody = Encoding.UTF8.GetBytes(body);
        Request = new RequestFacts { Model = model };
    }
}
