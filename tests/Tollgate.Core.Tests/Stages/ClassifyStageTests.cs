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
    [InlineData("no-store")]
    [InlineData("no-cache")]
    public async Task Cache_control_opt_outs_bypass_the_cache(string cacheControl)
    {
        Assert.Equal(CacheStatuses.Bypass, (await RunAsync(new RequestHints { CacheControl = cacheControl })).CacheStatus);
    }

    [Fact]
    public async Task Generations_are_cache_misses_and_model_listings_bypass()
    {
        Assert.Equal(CacheStatuses.Miss, (await RunAsync(default)).CacheStatus);
        Assert.Equal(CacheStatuses.Bypass, (await RunAsync(default, ExchangeOperation.Models)).CacheStatus);
    }
}
