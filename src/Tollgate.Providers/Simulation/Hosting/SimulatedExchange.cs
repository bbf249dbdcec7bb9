using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>One call in flight: what the request log will say about it once it ends.</summary>
internal sealed class SimulatedExchange(HttpContext context, SimulatorState state)
{
    /// <summary>Status logged for a call the client abandoned before any answer was sent.</summary>
    public const int ClientClosedRequest = 499;

    public HttpContext Context { get; } = context;

    public SimulatorState State { get; } = state;

    public string? Model { get; set; }

    public bool Stream { get; set; }

    /// <summary>The raw request body, kept only when the simulator records bodies.</summary>
    public byte[]? Body { get; set; }

    /// <summary>Set once the whole response has been written.</summary>
    public bool Completed { get; set; }

    public CancellationToken Aborted => Context.RequestAborted;

    public void Record()
    {
        var response = Context.Response;
        var status = !response.HasStarted && Context.RequestAborted.IsCancellationRequested ? ClientClosedRequest : response.StatusCode;
        var requestId = Context.Request.Headers.TryGetValue("x-tollgate-request-id", out var id) && id.Count > 0 ? id[0] : null;
        State.Log.Add(new SimulatedRequest(requestId, Context.Request.Path.Value ?? string.Empty, Model, Stream, status, Completed)
        {
            Body = Body is null ? null : Encoding.UTF8.GetString(Body),
        });
    }
}
