using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// Plain HTTP calls to an in-process gateway, for tests that need more than <see cref="GoldenGatewayFixture.CallAsync"/>:
/// a chosen <see cref="GoldenDelivery"/>, a response read only partly, or a gateway of their own.
/// </summary>
internal static class GatewayCalls
{
    /// <summary>Has the upstream answer <paramref name="golden"/> as <paramref name="delivery"/> says, then calls the gateway and reads the whole answer.</summary>
    public static async Task<RelayedCall> CallAsync(this GoldenGatewayFixture fixture, GoldenResponse golden, GoldenDelivery delivery, string path, string json)
    {
        fixture.Upstream.Serve(golden, delivery);
        using var response = await SendAsync(fixture.Http, path, json);
        return await ReadAsync(response);
    }

    /// <summary>Posts <paramref name="json"/> to <paramref name="path"/> and returns once the response headers are in.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string json, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (path.Contains("messages", StringComparison.Ordinal))
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
        }

        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Reads status, headers and the whole body; a body that breaks off is kept as far as it came.</summary>
    public static async Task<RelayedCall> ReadAsync(HttpResponseMessage response)
    {
        var headers = Headers(response);
        using var body = new MemoryStream();
        var endedCleanly = true;
        var stream = await response.Content.ReadAsStreamAsync();
        await using (stream)
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    body.Write(buffer, 0, read);
                }
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                endedCleanly = false;
            }
        }

        return new RelayedCall((int)response.StatusCode, headers, body.ToArray(), endedCleanly);
    }

    /// <summary>Reads the body until it ends with <paramref name="end"/> (the final event), leaving the response open.</summary>
    public static async Task<byte[]> ReadUntilAsync(Stream stream, byte[] end)
    {
        using var body = new MemoryStream();
        var buffer = new byte[4096];
        while (!body.GetBuffer().AsSpan(0, (int)body.Length).EndsWith(end))
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "The response ended before its final event: " + Encoding.UTF8.GetString(body.ToArray()));
            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    public static Dictionary<string, string> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        return headers;
    }

    /// <summary>The ledger row of <paramref name="requestId"/> as it is now (pending or settled), or null when there is none.</summary>
    public static async Task<LedgerEntry?> LedgerEntryOrNullAsync(HttpClient http, string requestId)
    {
        using var response = await http.GetAsync("admin/requests/" + Uri.EscapeDataString(requestId));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /admin/requests/{requestId} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize(text, AdminJsonContext.Default.LedgerEntry)!;
    }

    /// <summary>The ledger row of <paramref name="requestId"/>, read at once.</summary>
    public static async Task<LedgerEntry> LedgerEntryAsync(HttpClient http, string requestId) =>
        await LedgerEntryOrNullAsync(http, requestId) ?? throw new Xunit.Sdk.XunitException($"No ledger row for {requestId}.");

    /// <summary>The settled row of <paramref name="requestId"/>, for calls that end after the client has gone (nothing to wait on but the row).</summary>
    public static Task<LedgerEntry> SettledEntryAsync(HttpClient http, string requestId) =>
        Poll.UntilAsync(
            async () => await LedgerEntryOrNullAsync(http, requestId) is { IsPending: false } entry ? entry : null,
            TimeSpan.FromSeconds(30),
            $"the settled row of {requestId}");
}
