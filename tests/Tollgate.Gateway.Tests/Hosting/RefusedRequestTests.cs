using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
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
