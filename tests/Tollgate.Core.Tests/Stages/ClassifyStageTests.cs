using Tollgate.Core.Exchange;
using Tollgate.Core.Stages;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Stages;

public sealed class ClassifyStageTests
{
    private static async Task<TestExchange> RunAsync(RequestHints hints, ExchangeOperation operation = ExchangeOperation.ChatCompletions)
    {
        var exchange = new TestExchange("{}", "m", operation) { Hints = hints };
        await new ClassifyStage().InvokeAsync(exchange, _ => ValueTask.CompletedTask);
        return exchange;
    }

    [Fact]
    public async Task Reads_task_type_and_workload_class_case_insensitively()
    {
        var exchange = await RunAsync(new RequestHints { Task = "Classification", WorkloadClass = "INTERACTIVE" });

        Assert.Equal("classification", exchange.TaskType);
        Assert.Equal("interactive", exchange.WorkloadClass);
        Assert.Null(exchange.Rejection);
    }

    [Fact]
    public async Task Rejects_an_unknown_task_type()
    {
        var exchange = await RunAsync(new RequestHints { Task = "poetry-slam" });

        Assert.Equal(400, exchange.Rejection!.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("no-store")]
    [InlineData("max-age=0")]
    public async Task Classify_leaves_the_cache_status_to_the_cache_stage(string? cacheControl)
    {
        // A request refused before the cache stage (a bad header, a guard) was never looked up: it says bypass, not miss.
        Assert.Equal(CacheStatuses.Bypass, (await RunAsync(new RequestHints { CacheControl = cacheControl })).CacheStatus);
    }
}
