using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Tests.Relay;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// Through a real gateway: a request refused before its caller is identified (no key, a wrong key, also with a body
/// that is too large or malformed) is no ledger row but one count on <c>tollgate.gateway.requests.refused</c>; a known
/// caller's bad request is a row, as it is useful to its owner.
/// </summary>
public sealed class RefusedRequestTests : IAsyncLifetime
{
    private const string Valid = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
    private static readonly string TooLarge = $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{new string('x', 3000)}}"}]}""";

    private readonly List<string> _refusals = [];
    private InProcessGateway _gateway = null!;
    private MeterListener _listener = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _gateway = await InProcessGateway.StartAsync(options => options.MaxRequestBodyBytes = 2048);
        var meters = _gateway.Services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                // Only this gateway's meter: other gateways in this test process have their own factory.
                if (instrument.Meter.Scope == meters && instrument.Name == "tollgate.gateway.requests.refused")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (_refusals)
            {
                _refusals.Add(Reason(tags) ?? "(no reason)");
            }
        });
        _listener.Start();

        using var created = await _gateway.Http.PostAsync("admin/keys", new StringContent("""{"name":"svc","team":"core"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _key = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Requests_refused_before_identification_are_counted_by_reason_and_are_no_ledger_rows()
    {
        var ledger = _gateway.Services.GetRequiredService<ILedgerStore>();

        var statuses = new[]
        {
            await SendAsync(Valid, credential: null),
            await SendAsync(Valid, credential: "tg-wrong"),
            await SendAsync(Valid, credential: "sk-a-provider-key"),
            await SendAsync(TooLarge, credential: "tg-wrong"),
            await SendAsync("{not json", credential: null),
        };

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(0, await ledger.CountAsync());
        Assert.Equal(["missing_key", "invalid_key", "invalid_key", "invalid_key", "missing_key"], Snapshot());
    }

    [Fact]
    public async Task A_known_callers_oversized_or_malformed_request_is_a_ledger_row_and_no_refusal()
    {
        var ledger = _gateway.Services.GetRequiredService<ILedgerStore>();

        using var tooLarge = await SendForResponseAsync(TooLarge, _key);
        using var malformed = await SendForResponseAsync("""{"model":42,"messages":[{"role":"user","content":"hi"}]}""", _key);
        var tooLargeRow = await ledger.GetAsync(tooLarge.Headers.GetValues("x-tollgate-request-id").Single());
        var malformedRow = await ledger.GetAsync(malformed.Headers.GetValues("x-tollgate-request-id").Single());

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest), (tooLarge.StatusCode, malformed.StatusCode));
        Assert.Equal((413, "svc", "core", 0m), (tooLargeRow!.Status, tooLargeRow.KeyName, tooLargeRow.Team, tooLargeRow.CostUsd));
        Assert.Equal((400, "svc", "core", 0m), (malformedRow!.Status, malformedRow.KeyName, malformedRow.Team, malformedRow.CostUsd));
        Assert.Equal("model", JsonDocument.Parse(await malformed.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.Empty(Snapshot());
    }

    [Fact]
    public async Task An_unknown_callers_oversized_body_is_read_to_its_end_for_a_401_that_closes_the_connection()
    {
        // Over a bare socket, as a simple client does it: the whole body written before a byte of the answer is read.
        // HttpClient would send "Connection: close" itself; this client asks to keep the connection, and still must
        // not be left with a connection whose next request the gateway would read as the rest of this body.
        var body = Encoding.ASCII.GetBytes(TooLarge + new string(' ', 3000));
        var address = _gateway.Http.BaseAddress!;
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/chat/completions HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = string.Empty;
        var buffer = new byte[16 * 1024];
        while (!received.Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"The connection ended before a whole response head arrived: '{received}'");
            received += Encoding.ASCII.GetString(buffer, 0, read);
        }

        var head = received[..received.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        Assert.StartsWith("HTTP/1.1 401 ", head[0], StringComparison.Ordinal);
        Assert.Contains("Connection: close", head, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(["missing_key"], Snapshot());
    }

    private async Task<HttpStatusCode> SendAsync(string body, string? credential)
    {
        using var response = await SendForResponseAsync(body, credential);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendForResponseAsync(string body, string? credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        // A connection each: the gateway closes one whose oversized body it did not read, and the next request on it would fail.
        request.Headers.ConnectionClose = true;
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return await _gateway.Http.SendAsync(request);
    }

    private string[] Snapshot()
    {
        lock (_refusals)
        {
            return [.. _refusals];
        }
    }

    private static string? Reason(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var (name, value) in tags)
        {
            if (name == "reason")
            {
                return value as string;
            }
        }

        return null;
    }
}
