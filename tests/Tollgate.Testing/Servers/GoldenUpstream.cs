using System.Collections.Concurrent;
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
/// A loopback provider that answers every request, whatever its path, with the <see cref="GoldenResponse"/>
/// chosen last: the golden file's exact bytes with the provider's status and content type. Streams are written
/// in small pieces split where a relay is easiest to get wrong: between the two line feeds that end an event,
/// inside <c>data:</c> and <c>event:</c>, and between the bytes of a multi-byte UTF-8 character. It records what
/// it received, keyed by the gateway's <c>x-tollgate-request-id</c>. A <see cref="GoldenDelivery"/> changes how
/// an answer is delivered (piece size, no declared length, a pause the test ends).
/// </summary>
public sealed class GoldenUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, UpstreamRequest> _received = new(StringComparer.Ordinal);
    private GoldenResponse _answer = new("openai/error-401-invalid-api-key.json", 401);
    private GoldenDelivery? _delivery;

    private GoldenUpstream(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>Root address with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>What <c>OPENAI_BASE_URL</c> is set to for a gateway in front of this upstream.</summary>
    public string OpenAIBaseUrl => BaseAddress + "v1";

    /// <summary>What <c>ANTHROPIC_BASE_URL</c> is set to for a gateway in front of this upstream.</summary>
    public string AnthropicBaseUrl => BaseAddress.ToString().TrimEnd('/');

    public static async Task<GoldenUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(GoldenUpstream).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // A provider's own limit is not what these tests are about: whatever the gateway forwards is received.
            kestrel.Limits.MaxRequestBodySize = null;

            // A provider may send header bytes that are not ASCII; the gateway must cope with them, so they can be sent.
            kestrel.ResponseHeaderEncodingSelector = static _ => System.Text.Encoding.UTF8;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        GoldenUpstream? upstream = null;
        app.Run(http => upstream!.AnswerAsync(http));
        await app.StartAsync();
        upstream = new GoldenUpstream(app);
        return upstream;
    }

    /// <summary>Answers every request from now on with <paramref name="response"/>.</summary>
    public void Serve(GoldenResponse response) => Serve(response, null);

    /// <summary>Answers every request from now on with <paramref name="response"/>, delivered as <paramref name="delivery"/> says.</summary>
    public void Serve(GoldenResponse response, GoldenDelivery? delivery)
    {
        Volatile.Write(ref _delivery, delivery);
        Volatile.Write(ref _answer, response);
    }

    /// <summary>The request the gateway sent for its request <paramref name="requestId"/>, or null when none arrived.</summary>
    public UpstreamRequest? ReceivedFor(string requestId) => _received.TryGetValue(requestId, out var request) ? request : null;

    private async Task AnswerAsync(HttpContext http)
    {
        var answer = Volatile.Read(ref _answer);
        var delivery = Volatile.Read(ref _delivery);
        var receivedId = "";
        using (var reader = new StreamReader(http.Request.Body))
        {
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in http.Request.Headers)
            {
                headers[header.Key] = header.Value.ToString();
            }

            var request = new UpstreamRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, body);
            if (headers.TryGetValue("x-tollgate-request-id", out var requestId))
            {
                _received[requestId] = request;
                receivedId = requestId;
            }
        }

        if (delivery is not null)
        {
            await DeliverAsync(http, answer, delivery, receivedId);
            return;
        }

        var bytes = GoldenFiles.Read(answer.File);
        var length = Math.Min(answer.CutAt ?? bytes.Length, bytes.Length);
        var response = http.Response;
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }

        if (!answer.IsStream)
        {
            response.ContentLength = length;
            await response.Body.WriteAsync(bytes.AsMemory(0, length), http.RequestAborted);
            return;
        }

        var start = 0;
        foreach (var split in AwkwardSplits(bytes.AsSpan(0, length)))
        {
            await response.Body.WriteAsync(bytes.AsMemory(start, split - start), http.RequestAborted);
            await response.Body.FlushAsync(http.RequestAborted);
            start = split;

            // A pause between pieces makes the gateway read them one at a time, as from a distant provider.
            await Task.Delay(1, http.RequestAborted);
        }

        await response.Body.WriteAsync(bytes.AsMemory(start, length - start), http.RequestAborted);
        await response.Body.FlushAsync(http.RequestAborted);
        if (answer.AbortAtCut)
        {
            http.Abort();
        }
    }

    /// <summary>Answers as <see cref="AnswerAsync"/> does, with the changes <paramref name="delivery"/> asks for.</summary>
    private static async Task DeliverAsync(HttpContext http, GoldenResponse answer, GoldenDelivery delivery, string requestId)
    {
        if (delivery.HoldBeforeHeaders && !await delivery.PauseAsync(requestId, http.RequestAborted))
        {
            return;
        }

        var bytes = GoldenFiles.Read(answer.File);
        var length = Math.Min(answer.CutAt ?? bytes.Length, bytes.Length);
        var response = http.Response;
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }

        if (!answer.IsStream && !delivery.Chunked)
        {
            // A cut body ends short of what it declared: Kestrel closes the connection once the bytes before the cut
            // are sent, so the answer breaks after them (an abort could overtake them).
            response.ContentLength = bytes.Length;
        }

        var pieces = new List<int>();
        if (delivery.HoldAt is { } hold && hold < length)
        {
            pieces.Add(hold);
        }

        if (answer.IsStream)
        {
            for (var split = delivery.PieceSize ?? length; split < length; split += delivery.PieceSize ?? length)
            {
                pieces.Add(split);
            }

            if (delivery.PieceSize is null)
            {
                pieces.AddRange(AwkwardSplits(bytes.AsSpan(0, length)));
            }
        }

        var start = 0;
        foreach (var split in pieces.Distinct().Order())
        {
            await response.Body.WriteAsync(bytes.AsMemory(start, split - start), http.RequestAborted);
            await response.Body.FlushAsync(http.RequestAborted);
            start = split;
            if (split == delivery.HoldAt)
            {
                if (!await delivery.PauseAsync(requestId, http.RequestAborted))
                {
                    return;
                }
            }
            else
            {
                await Task.Delay(1, http.RequestAborted);
            }
        }

        await response.Body.WriteAsync(bytes.AsMemory(start, length - start), http.RequestAborted);
        await response.Body.FlushAsync(http.RequestAborted);
        if (delivery.HoldAt == length && !await delivery.PauseAsync(requestId, http.RequestAborted))
        {
            return;
        }

        if (answer.AbortAtCut)
        {
            http.Abort();
        }
    }

    /// <summary>Offsets at which a stream is split into pieces, ascending, each inside the body.</summary>
    private static List<int> AwkwardSplits(ReadOnlySpan<byte> body)
    {
        var splits = new SortedSet<int>();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == (byte)'\n' && i + 1 < body.Length && body[i + 1] == (byte)'\n')
            {
                splits.Add(i + 1); // between the two line feeds ending an event
            }
            else if (body[i] >= 0xC0)
            {
                splits.Add(i + 1); // after the lead byte of a multi-byte UTF-8 character
            }
            else if (body[i..].StartsWith("data:"u8) || body[i..].StartsWith("event:"u8))
            {
                splits.Add(i + 2); // inside the field name
            }
        }

        var length = body.Length;
        splits.RemoveWhere(split => split >= length);
        return [.. splits];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
