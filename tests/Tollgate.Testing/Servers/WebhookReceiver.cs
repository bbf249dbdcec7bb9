using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tollgate.Testing.Servers;

/// <summary>
/// A webhook receiver on a loopback port: it keeps every POST it gets (headers and body) and answers each with the
/// next status of its script, then with <see cref="ThenStatus"/>; a status of 0 never answers (until the caller
/// gives up). It can check a request's signature the way the docs tell a receiver to.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
        _app.Run(AnswerAsync);
    }

    /// <summary>Where to POST, with a path that stands for a token a real receiver's URL may carry.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The status every request gets once the script is used up (200 unless set).</summary>
    public int ThenStatus { get; set; } = 200;

    /// <summary>A <c>retry-after</c> value sent with each 429 or 503, when set.</summary>
    public string? RetryAfter { get; set; }

    /// <summary>The requests so far, oldest first.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync(string pathToken = "hooks/T0123/secret-path-token")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WebhookReceiver).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/" + pathToken);
        return receiver;
    }

    /// <summary>The next requests get these statuses, in order.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests came, and returns them.</summary>
    public Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            () => Task.FromResult(_received.Count >= count ? Received : null),
            timeout ?? TimeSpan.FromSeconds(30),
            $"{count} webhook requests (got {_received.Count})");

    /// <summary>
    /// Whether <paramref name="request"/> carries the signature of its timestamp and body with <paramref name="secret"/>:
    /// <c>sha256=</c> and the hex HMAC-SHA256 of <c>"&lt;timestamp&gt;.&lt;body&gt;"</c>, compared in constant time.
    /// </summary>
    public static bool HasValidSignature(ReceivedWebhook request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signed = Encoding.UTF8.GetBytes(request.Header("x-tollgate-timestamp") + ".").Concat(request.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(request.Header("x-tollgate-signature") ?? ""));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in http.Request.Headers)
        {
            headers[name] = value.ToString();
        }

        _received.Enqueue(new ReceivedWebhook(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, body.ToArray()));
        var status = _script.TryDequeue(out var next) ? next : ThenStatus;
        if (status == 0)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        http.Response.StatusCode = status;
        if (RetryAfter is { } retryAfter && status is 429 or 503)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }
    }
}

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string BodyText => Encoding.UTF8.GetString(Body);
}
