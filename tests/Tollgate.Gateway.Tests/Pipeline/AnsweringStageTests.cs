using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Pipeline;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Pipeline;

/// <summary>
/// Any stage can end an exchange with an answer: a stage in the cache's place answers from stored bytes, on both
/// protocols, whole and streamed, and the answer is relayed, priced, ledgered and headed like a live one. The
/// providers point at a closed port, so an answer that went upstream would be a 502.
/// </summary>
public sealed class AnsweringStageTests : IAsyncLifetime
{
    // gpt-4o-mini at $0.15 / $0.60 per million: 1,000 × 0.15 + 500 × 0.60 = 150 + 300 = $450 per million calls → $0.00045.
    private const string OpenAIWhole = """{"id":"chatcmpl-stored","object":"chat.completion","created":1755187400,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Stored.","refusal":null},"finish_reason":"stop"}],"usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500},"x_unknown":[1,2]}""";

    // gpt-4o-mini: 2,000 × 0.15 + 10 × 0.60 = 300 + 6 = $306 per million calls → $0.000306.
    private const string OpenAIStream =
        "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Sto\"},\"finish_reason\":null}],\"usage\":null}\n\n" +
        "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"red.\"},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n" +
        "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":2000,\"completion_tokens\":10,\"total_tokens\":2010}}\n\n" +
        "data: [DONE]\n\n";

    // claude-haiku-4-5 at $1 / $5 per million: 2,000 × 1 + 400 × 5 = 2,000 + 2,000 = $4,000 per million calls → $0.004.
    private const string AnthropicWhole = """{"id":"msg_stored","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"Stored."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":2000,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":400}}""";

    // claude-haiku-4-5: 300 × 1 + 60 × 5 = 300 + 300 = $600 per million calls → $0.0006.
    private const string AnthropicStream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku-4-5\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":300,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Stored.\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":60}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private readonly TemporaryDirectory _data = new();
    private GatewayApplication? _gateway;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var answers = new Dictionary<string, StoredBody>
        {
            ["stored-openai-whole"] = StoredBody.Json(OpenAIWhole),
            ["stored-openai-stream"] = StoredBody.Events(OpenAIStream),
            ["stored-anthropic-whole"] = StoredBody.Json(AnthropicWhole),
            ["stored-anthropic-stream"] = StoredBody.Events(AnthropicStream),
        };
        _gateway = await GatewayApplication.StartAsync(
            new GatewayOptions
            {
                Urls = "http://127.0.0.1:0",
                DataDirectory = _data.Path,
                OpenAI = new ProviderOptions { ApiKey = "sk-unreachable", BaseUrl = "http://127.0.0.1:1/v1" },
                Anthropic = new ProviderOptions { ApiKey = "sk-ant-unreachable", BaseUrl = "http://127.0.0.1:1" },
            },
            logging => logging.ClearProviders(),
            services => services.ReplaceCacheStage(new StoredAnswerStage(answers)));
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
    public async Task A_stage_answers_an_openai_call_whole_and_it_is_priced_ledgered_and_headed()
    {
        var (response, body) = await PostAsync("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"stored-openai-whole"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OpenAIWhole, body);
        Assert.Equal("0.00045", Header(response, "x-tollgate-cost-usd"));
        Assert.Equal("gpt-4o-mini", Header(response, "x-tollgate-model"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var row = await RowAsync(Header(response, "x-tollgate-request-id"));
        AssertRow(row, status: 200, stream: false, input: 1000, output: 500, cost: 0.00045m);
    }

    [Fact]
    public async Task A_stage_answers_an_openai_stream_event_by_event_and_its_row_is_settled_by_the_end()
    {
        var (response, body) = await PostAsync("v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"stored-openai-stream"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WithCost(OpenAIStream, 0.000306m), body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("gpt-4o-mini", Header(response, "x-tollgate-model"));
        var row = await RowAsync(Header(response, "x-tollgate-request-id"));
        AssertRow(row, status: 200, stream: true, input: 2000, output: 10, cost: 0.000306m);
    }

    [Fact]
    public async Task A_stage_answers_an_anthropic_call_whole_and_it_is_priced_ledgered_and_headed()
    {
        var (response, body) = await PostAsync("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":100,"messages":[{"role":"user","content":"stored-anthropic-whole"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AnthropicWhole, body);
        Assert.Equal("0.004", Header(response, "x-tollgate-cost-usd"));
        Assert.Equal("claude-haiku-4-5", Header(response, "x-tollgate-model"));
        var row = await RowAsync(Header(response, "x-tollgate-request-id"));
        AssertRow(row, status: 200, stream: false, input: 2000, output: 400, cost: 0.004m);
    }

    [Fact]
    public async Task A_stage_answers_an_anthropic_stream_event_by_event_and_its_row_is_settled_by_the_end()
    {
        var (response, body) = await PostAsync("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"stored-anthropic-stream"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WithCost(AnthropicStream, 0.0006m), body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var row = await RowAsync(Header(response, "x-tollgate-request-id"));
        AssertRow(row, status: 200, stream: true, input: 300, output: 60, cost: 0.0006m);
    }

    [Fact]
    public async Task A_request_the_stage_does_not_answer_goes_on_to_the_provider()
    {
        var (response, body) = await PostAsync("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"not stored"}]}""");

        // The provider's port is closed: the call stage was reached and said so.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("upstream_unreachable", body, StringComparison.Ordinal);
    }

    private static void AssertRow(JsonElement row, int status, bool stream, long input, long output, decimal cost)
    {
        Assert.Equal(status, row.GetProperty("status").GetInt32());
        Assert.Equal(stream, row.GetProperty("stream").GetBoolean());
        Assert.Equal(input, row.GetProperty("input_tokens").GetInt64());
        Assert.Equal(output, row.GetProperty("output_tokens").GetInt64());
        Assert.Equal(cost, row.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("error_type").ValueKind);
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await _http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The ledger row, read once as soon as the answer has ended: it must already be settled.</summary>
    private async Task<JsonElement> RowAsync(string requestId)
    {
        using var response = await _http.GetAsync("admin/requests/" + requestId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The stored stream as relayed: with the cost comment ahead of its final event.</summary>
    private static string WithCost(string stream, decimal cost) => Encoding.UTF8.GetString(CostComments.Insert(Encoding.UTF8.GetBytes(stream), cost));

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"no {name} header");
}
