using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Testing;
using Xunit;

namespace Tollgate.Core.Tests.Exchange;

public sealed class AnswerInterceptorTests
{
    [Fact]
    public async Task Interceptors_see_the_answer_in_the_order_registered_and_the_last_ones_answer_is_written()
    {
        var exchange = new TestExchange("{}", "m");
        var seen = new List<string>();
        exchange.AddAnswerInterceptor(new Tagging("outer", seen));
        exchange.AddAnswerInterceptor(new Tagging("inner", seen));
        using var answer = new StoredAnswer(200, WireProtocol.OpenAI, Encoding.UTF8.GetBytes("{\"a\":1}"), isEventStream: false);

        await exchange.RespondAsync(answer);

        Assert.Equal(["outer", "inner"], seen);
        var written = Assert.IsType<StoredAnswer>(exchange.Answer);
        Assert.Equal(202, written.Status); // each interceptor wrapped the answer once: 200 → 201 → 202
    }

    [Fact]
    public async Task Without_interceptors_the_answer_is_written_as_given()
    {
        var exchange = new TestExchange("{}", "m");
        using var answer = new StoredAnswer(200, WireProtocol.OpenAI, Encoding.UTF8.GetBytes("{}"), isEventStream: false);

        await exchange.RespondAsync(answer);

        Assert.Same(answer, exchange.Answer);
    }

    [Fact]
    public void The_upstream_token_is_the_exchanges_own_until_a_stage_shares_the_call()
    {
        using var client = new CancellationTokenSource();
        using var shared = new CancellationTokenSource();
        var exchange = new TestExchange("{}", "m") { Aborted = client.Token };
        Assert.Equal(client.Token, exchange.UpstreamAborted);

        exchange.UpstreamAborted = shared.Token;

        Assert.Equal(shared.Token, exchange.UpstreamAborted);
    }

    private sealed class Tagging(string name, List<string> seen) : IAnswerInterceptor
    {
        public ValueTask RespondAsync(ExchangeContext exchange, ExchangeAnswer answer, AnswerWriter next, CancellationToken cancellationToken)
        {
            seen.Add(name);
            return next(new StoredAnswer(answer.Status + 1, answer.Protocol, Encoding.UTF8.GetBytes("{}"), answer.IsEventStream), cancellationToken);
        }
    }
}
