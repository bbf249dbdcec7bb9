using Tollgate.Core.Exchange;
using Tollgate.Core.Stages;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Stages;

/// <summary>The values <c>x-tollgate-task</c>, <c>x-tollgate-class</c> and <c>cache-control</c> accept.</summary>
public sealed class ClassifyStageHintTests
{
    private static async Task<(TestExchange Exchange, bool Reached)> RunAsync(RequestHints hints)
    {
        var exchange = new TestExchange("{}", "m") { Hints = hints };
        var reached = false;
        await new ClassifyStage().InvokeAsync(exchange, _ =>
        {
            reached = true;
            return ValueTask.CompletedTask;
        });
        return (exchange, reached);
    }

    [Theory]
    [InlineData("classification")]
    [InlineData("extraction")]
    [InlineData("formatting")]
    [InlineData("summarization")]
    [InlineData("chat")]
    [InlineData("reasoning")]
    [InlineData("creative")]
    [InlineData("code")]
    public async Task Every_documented_task_type_is_accepted(string task)
    {
        var (exchange, reached) = await RunAsync(new RequestHints { Task = task });

        Assert.True(reached);
        Assert.Equal(task, exchange.TaskType);
    }

    [Theory]
    [InlineData("interactive")]
    [InlineData("deferred")]
    [InlineData("batch")]
    public async Task Every_documented_workload_class_is_accepted(string workloadClass)
    {
        var (exchange, reached) = await RunAsync(new RequestHints { WorkloadClass = workloadClass });

        Assert.True(reached);
        Assert.Equal(workloadClass, exchange.WorkloadClass);
    }

    [Fact]
    public async Task An_unknown_workload_class_is_refused_before_going_further()
    {
        var (exchange, reached) = await RunAsync(new RequestHints { WorkloadClass = "overnight" });

        Assert.False(reached);
        Assert.Equal(400, exchange.Rejection?.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, exchange.Rejection?.ErrorType);
        Assert.Equal("interactive", exchange.WorkloadClass);
    }
}
