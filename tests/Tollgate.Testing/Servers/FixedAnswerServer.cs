using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Tollgate.Testing.Servers;

/// <summary>
/// A provider on a loopback port that answers every request, whatever its path, with the bytes chosen last: a whole JSON
/// body or an event stream, status 200. What the official SDKs read a synthesized answer from (a stored body turned
/// into a stream); where golden files are the answer, <see cref="GoldenUpstream"/> serves them.
/// </summary>
public sealed class FixedAnswerServer : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Answer _answer = new([], false);

    /// <summary>Root address with a trailing slash.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FixedAnswerServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(AnswerAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Answers every request from now on with <paramref name="bytes"/>.</summary>
    public void Serve(byte[] bytes, bool isEventStream) => Volatile.Write(ref _answer, new Answer(bytes, isEventStream));

    private async Task AnswerAsync(HttpContext http)
    {
        var (bytes, isEventStream) = Volatile.Read(ref _answer);
        await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = isEventStream ? "text/event-stream; charset=utf-8" : "application/json";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    private sealed record Answer(byte[] Bytes, bool IsEventStream);
}
