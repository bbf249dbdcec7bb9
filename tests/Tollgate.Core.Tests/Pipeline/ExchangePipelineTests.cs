using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Pipeline;

public sealed class ExchangePipelineTests
{
    [Fact]
    public async Task Every_stage_runs_once_in_the_order_given()
    {
        var log = new List<string>();
        var pipeline = new ExchangePipeline([new RecordingStage("identify", log), new RecordingStage("classify", log), new RecordingStage("forward", log)]);

        await pipeline.RunAsync(new TestExchange("{}", "gpt-4o-mini"));

        Assert.Equal(["identify in", "classify in", "forward in", "forward out", "classify out", "identify out"], log);
    }

    [Fact]
    public async Task A_stage_that_does_not_call_next_stops_the_exchange_there()
    {
        var log = new List<string>();
        var pipeline = new ExchangePipeline([new RecordingStage("identify", log, callNext: false), new RecordingStage("forward", log)]);

        await pipeline.RunAsync(new TestExchange("{}", "gpt-4o-mini"));

        Assert.Equal(["identify in", "identify out"], log);
    }

    private sealed class RecordingStage(string name, List<string> log, bool callNext = true) : IExchangeStage
    {
        public string Name => name;

        public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
        {
            log.Add(name + " in");
            if (callNext)
            {
                await next(exchange);
            }

            log.Add(name + " out");
        }
    }
}
