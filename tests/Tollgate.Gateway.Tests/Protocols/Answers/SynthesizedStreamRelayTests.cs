using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.Protocols.Answers;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>
/// A chat stream made from a stored body goes through the gateway's relay as a provider's stream with
/// <c>include_usage</c> does: a client that did not ask for usage gets every chunk without <c>"usage":null</c> and no
/// usage chunk, while the row is still billed by the usage; a client that asked gets the stream as made.
/// </summary>
public sealed class SynthesizedStreamRelayTests : IAsyncLifetime
{
    private const string Ask = """{"model":"o4-mini","stream":true,"messages":[{"role":"user","content":"What is due?"}]}""";
    private const string AskWithUsage = """{"model":"o4-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"What is due?"}]}""";

    private readonly TemporaryDirectory _data = new();
    private readonly byte[] _body = GoldenFiles.Read("openai/chat-completion.json");
    private GatewayApplication? _gateway;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayApplication.StartAsync(
            new GatewayOptions
            {
                Urls = "http://127.0.0.1:0",
                DataDirectory = _data.Path,
                OpenAI = new ProviderOptions { ApiKey = "sk-unreachable", BaseUrl = "http://127.0.0.1:1/v1" },
            },
            logging => logging.ClearProviders(),
            services => services.AddSingleton<IExchangeStage>(new SynthesizedStreamStage(_body)));
        _http = new HttpClient { BaseAddress = _gateway.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task A_client_that_did_not_ask_for_usage_gets_the_chunks_without_it_and_the_row_still_bills_it()
    {
        var made = Encoding.UTF8.GetString(AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, _body));
        var events = made.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e + "\n\n").ToList();
        var expected = string.Concat(events.Where(e => !e.Contains("\"choices\":[]", StringComparison.Ordinal))).Replace(",\"usage\":null", string.Empty, StringComparison.Ordinal);

        var (requestId, relayed) = await PostAsync(Ask);

        Assert.Single(CostComments.Find(relayed));
        Assert.Equal(expected, WithoutCostComment(relayed));
        Assert.DoesNotContain("usage", relayed, StringComparison.Ordinal);
        using var row = await RowAsync(requestId);
        Assert.Equal(2006, row.RootElement.GetProperty("input_tokens").GetInt64());
        Assert.Equal(517, row.RootElement.GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task A_client_that_asked_for_usage_gets_the_stream_as_made()
    {
        var made = Encoding.UTF8.GetString(AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, _body));

        var (_, relayed) = await PostAsync(AskWithUsage);

        Assert.Equal(made, WithoutCostComment(relayed));
    }

    private async Task<(string RequestId, string Body)> PostAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string.Join(",", response.Headers.GetValues("x-tollgate-request-id")), body);
    }

    private async Task<JsonDocument> RowAsync(string requestId)
    {
        using var response = await _http.GetAsync("admin/requests/" + requestId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text);
    }

    private static string WithoutCostComment(string stream)
    {
        var start = stream.IndexOf(CostComments.Prefix, StringComparison.Ordinal);
        return start < 0 ? stream : stream.Remove(start, stream.IndexOf("\n\n", start, StringComparison.Ordinal) + 2 - start);
    }
}
