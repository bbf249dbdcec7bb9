using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Responses;

/// <summary>
/// A client that leaves a Responses API stream mid-way cancels the upstream call (the provider stops generating, and
/// billing, what nobody reads) and leaves a row recorded as 499 with the output it streamed so far, estimated.
/// </summary>
public sealed class ResponsesClientDisconnectTests
{
    private const string StreamFile = "responses/response-stream.sse";

    [Fact]
    public async Task Client_that_leaves_mid_stream_cancels_the_upstream_call_and_is_recorded_as_499()
    {
        // The provider sends the stream up to its last delta, then keeps generating until its caller hangs up.
        var sent = GoldenFiles.OffsetOf(StreamFile, "event: response.output_text.done");
        var upstreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await StartUpstreamAsync(async http =>
        {
            http.Response.ContentType = "text/event-stream; charset=utf-8";
            await http.Response.Body.WriteAsync(GoldenFiles.Read(StreamFile).AsMemory(0, sent));
            await http.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                upstreamCancelled.TrySetResult();
            }
        });
        await using var gateway = await InProcessGateway.StartAsync(options => options.OpenAI = new ProviderOptions { ApiKey = "sk-test", BaseUrl = upstream.Urls.First() + "/v1" });

        string requestId;
        using (var response = await GatewayCalls.SendAsync(gateway.Http, "v1/responses", """{"model":"gpt-5-mini","input":"Was ist die Antwort?","stream":true}"""))
        {
            requestId = GatewayCalls.Headers(response)["x-tollgate-request-id"];
            var received = new byte[sent];
            await (await response.Content.ReadAsStreamAsync()).ReadExactlyAsync(received);
        }

        await upstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var entry = await GatewayCalls.SettledEntryAsync(gateway.Http, requestId);
        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.True(entry.Stream);
        Assert.Equal(Tollgate.Core.Tokens.TokenCounter.Shared.CountText("gpt-5-mini", "Die Antwort lautet 42 – mehr weiß ich nicht."), entry.OutputTokens);
        Assert.Equal("usage estimated from the prompt and the streamed text; the provider reported none", entry.Warning);
    }

    private static async Task<WebApplication> StartUpstreamAsync(RequestDelegate answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(answer);
        await app.StartAsync();
        return app;
    }
}
