using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Semantic.Embedding;

namespace Tollgate.Semantic.Tests.Embedding;

/// <summary>The remote embedder against a tiny loopback server that serves fixed bytes and records what it was sent.</summary>
public sealed class OpenAICompatibleEmbeddingGeneratorTests : IAsyncLifetime
{
    private const string Answer = """
        {"object":"list","model":"text-embedding-3-small","data":[
          {"object":"embedding","index":1,"embedding":[0,3,4]},
          {"object":"embedding","index":0,"embedding":[2,0,0]}],
         "usage":{"prompt_tokens":11,"total_tokens":11}}
        """;

    private readonly List<(string Path, string? Authorization, string Body)> _received = [];
    private WebApplication _server = null!;
    private int _status = 200;
    private Uri _baseAddress = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/v1/embeddings", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_received)
            {
                _received.Add((context.Request.Path, context.Request.Headers.Authorization.FirstOrDefault(), body));
            }

            context.Response.StatusCode = _status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(_status == 200 ? Answer : """{"error":{"message":"no"}}""");
        });
        await _server.StartAsync();
        _baseAddress = new Uri(_server.Urls.Single() + "/v1");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private OpenAICompatibleEmbeddingGenerator Generator(HttpClient http, string? key = "sk-test") =>
        new(http, new OpenAICompatibleEmbeddingOptions { BaseAddress = _baseAddress, ApiKey = key, Model = "text-embedding-3-small", DefaultThreshold = 0.93f });

    [Fact]
    public async Task It_posts_the_model_and_inputs_with_the_key_to_the_embeddings_path()
    {
        using var http = new HttpClient();

        await Generator(http).GenerateAsync(["first", "second"]);

        var (path, authorization, body) = Assert.Single(_received);
        Assert.Equal("/v1/embeddings", path);
        Assert.Equal("Bearer sk-test", authorization);
        using var request = JsonDocument.Parse(body);
        Assert.Equal("text-embedding-3-small", request.RootElement.GetProperty("model").GetString());
        Assert.Equal(["first", "second"], request.RootElement.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Vectors_come_back_in_input_order_with_unit_length()
    {
        using var http = new HttpClient();

        var vectors = await Generator(http).GenerateAsync(["first", "second"]);

        Assert.Equal([1f, 0f, 0f], vectors[0].Vector.ToArray());
        Assert.Equal([0f, 0.6f, 0.8f], vectors[1].Vector.ToArray());
    }

    [Fact]
    public async Task The_tokens_the_endpoint_reports_come_back_as_usage()
    {
        using var http = new HttpClient();

        var vectors = await Generator(http).GenerateAsync(["first", "second"]);

        Assert.Equal(11, vectors.Usage!.InputTokenCount);
        Assert.Equal(11, vectors.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task No_key_sends_no_authorization()
    {
        using var http = new HttpClient();

        await Generator(http, key: null).GenerateAsync(["first", "second"]);

        Assert.Null(Assert.Single(_received).Authorization);
    }

    [Fact]
    public async Task An_error_answer_is_an_http_failure_with_its_status()
    {
        _status = 401;
        using var http = new HttpClient();

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => Generator(http).GenerateAsync(["first", "second"]));

        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
    }

    [Fact]
    public async Task A_missing_vector_is_an_http_failure()
    {
        using var http = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => Generator(http).GenerateAsync(["first", "second", "third"]));
    }

    [Fact]
    public void Its_default_threshold_is_the_configured_one()
    {
        using var http = new HttpClient();

        Assert.Equal(0.93f, Generator(http).DefaultThreshold);
    }
}
