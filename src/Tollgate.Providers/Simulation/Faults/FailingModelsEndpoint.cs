using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Faults;

/// <summary>
/// <c>GET /_simulator/failing-models</c> lists the failing models (<c>{"models":[{"model","fault"}]}</c>);
/// <c>PUT /_simulator/failing-models/{model}?fault=KIND</c> makes one fail (KIND as in <c>[[fault:KIND]]</c>, default
/// <c>500</c>) on every call, or on its next N calls with <c>&amp;times=N</c>; <c>DELETE</c> makes it recover.
/// </summary>
internal static class FailingModelsEndpoint
{
    public static Task ListAsync(HttpContext context, SimulatorState state) =>
        JsonWire.WriteBodyAsync(context.Response, StatusCodes.Status200OK, state.Faults.Failing.List(), static (writer, models) =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("models"u8);
            foreach (var (model, fault) in models)
            {
                writer.WriteStartObject();
                writer.WriteString("model"u8, model);
                writer.WriteString("fault"u8, Name(fault));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }, context.RequestAborted);

    public static Task FailAsync(HttpContext context, SimulatorState state, string model)
    {
        var kind = context.Request.Query["fault"].ToString();
        var fault = FaultInjector.Parse(kind.Length == 0 ? "500" : kind);
        if (fault == SimulatedFault.None)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("fault must be one of 429, 500, 529, timeout, stream-cut", context.RequestAborted);
        }

        int? times = null;
        var count = context.Request.Query["times"].ToString();
        if (count.Length != 0)
        {
            if (!int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return context.Response.WriteAsync("times must be a whole number from 1 up", context.RequestAborted);
            }

            times = parsed;
        }

        state.Faults.Failing.Fail(model, fault, times);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public static Task RecoverAsync(HttpContext context, SimulatorState state, string model)
    {
        context.Response.StatusCode = state.Faults.Failing.Recover(model) ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static string Name(SimulatedFault fault) => fault switch
    {
        SimulatedFault.RateLimited => "429",
        SimulatedFault.ServerError => "500",
        SimulatedFault.Overloaded => "529",
        SimulatedFault.Timeout => "timeout",
        _ => "stream-cut",
    };
}
