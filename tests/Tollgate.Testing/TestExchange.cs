using System.Text;
using Tollgate.Core.Exchange;

namespace Tollgate.Testing;

/// <summary>An exchange with no transport, for driving stages and settling by hand; an answer is kept, not sent.</summary>
public sealed class TestExchange : ExchangeContext
{
    public TestExchange(string body, string model, ExchangeOperation operation = ExchangeOperation.ChatCompletions)
        : base("req_" + Guid.NewGuid().ToString("N"), WireProtocol.OpenAI, operation, "/v1/chat/completions", DateTimeOffset.UtcNow)
    {
        RequestBody = Encoding.UTF8.GetBytes(body);
        Request = new RequestFacts { Model = model };
    }

    /// <summary>The answer a stage gave, if any.</summary>
    public ExchangeAnswer? Answer { get; private set; }

    public override bool ResponseStarted => Answer is not null;

    protected override ValueTask WriteAnswerAsync(ExchangeAnswer answer, CancellationToken cancellationToken)
    {
        Answer = answer;
        return ValueTask.CompletedTask;
    }
}
