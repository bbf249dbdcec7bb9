using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>One call in flight: what the request log will say about it once it ends.</summary>
internal sealed class SimulatedExchange
{
    /// <summary>Status logged for a call the client abandoned before any answer was sent.</summary>
    public const int ClientClosedRequest = 499;

    public SimulatedExchange(HttpContext context, SimulatorState state)
    {
        Context = context;
        State = state;
        state.CallStarted();
    }

    public HttpContext Context { get; }

    public SimulatorState State { get; }

    public string? Model { get; set; }

    public bool Stream { get; set; }

    /// <summary>The raw request body, kept only when the simulator records bodies.</summary>
    public byte[]? Body { get; set; }

    /// <summary>Set once the whole response has been written.</summary>
    public bool Completed { get; set; }

    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>Logs the call and counts it as no longer in flight; called once, when the call ends.</summary>
    public void Record()
    {
        var request = Context.Request;
        var response = Context.Response;
        var status = !response.HasStarted && Context.RequestAborted.IsCancellationRequested ? ClientClosedRequest : response.StatusCode;
        var requestId = request.Headers.TryGetValue("x-tollgate-request-id", out var id) && id.Count > 0 ? id[0] : null;
        var recordHeaders = State.Options.RecordHeaders;
        State.Log.Add(new SimulatedRequest(requestId, request.Path.Value ?? string.Empty, Model, Stream, status, Completed)
        {
            Body = Body is null ? null : Encoding.UTF8.GetString(Body),
            Credentials = recordHeaders ? RecordedHeaders.Credentials(request.Headers) : null,
            Headers = recordHeaders ? RecordedHeaders.Protocol(request.Headers) : null,
        });
        State.CallEnded();
    }
}
