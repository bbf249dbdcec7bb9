using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using OpenAI;
using OpenAI.Embeddings;
using OpenAI.Models;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>POST /v1/embeddings</c> and <c>GET /v1/models</c> through the gateway, with the official OpenAI SDK and raw
/// HTTP: answers are relayed as the provider sent them, an embedding is recorded at its input price (embedding
/// models bill input only), and listing models is recorded as a free call.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class EmbeddingsAndModelsTests(GatewayFixture fixture)
{
    private const string EmbeddingModel = "text-embedding-3-small";

    [Fact]
    public async Task Embeddings_through_the_sdk_are_relayed_and_recorded_at_the_input_price()
    {
        // Pre-tokenised inputs: the provider counts one token per id, so the usage is known without a tokenizer.
        ReadOnlyMemory<int>[] inputs = [Enumerable.Range(1, 300).ToArray(), Enumerable.Range(1000, 200).ToArray()];

        ClientResult<OpenAIEmbeddingCollection> viaGateway = await Embeddings(fixture.Gateway.BaseAddress).GenerateEmbeddingsAsync(inputs);
        OpenAIEmbeddingCollection direct = await Embeddings(fixture.Simulator.BaseAddress).GenerateEmbeddingsAsync(inputs);

        var embeddings = viaGateway.Value;
        Assert.Equal(2, embeddings.Count);
        Assert.Equal(500, embeddings.Usage.InputTokenCount);
        for (var i = 0; i < embeddings.Count; i++)
        {
            Assert.Equal(1536, embeddings[i].ToFloats().Length);
            Assert.Equal(direct[i].ToFloats().ToArray(), embeddings[i].ToFloats().ToArray());
        }

        // 500 input tokens at $0.02 per million (pricing.json, text-embedding-3-small): 500 * 0.02 / 1,000,000 = $0.00001.
        const decimal expectedCost = 0.00001m;
        var headers = viaGateway.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("x-tollgate-cost-usd", out var costHeader));
        Assert.Equal(expectedCost, Wire.ParseCost(costHeader!));
        Assert.True(headers.TryGetValue("x-tollgate-request-id", out var requestId));
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId!);
        Assert.NotNull(entry);
        Assert.Equal("/v1/embeddings", entry.Endpoint);
        Assert.Equal("openai", entry.Provider);
        Assert.Equal(EmbeddingModel, entry.RequestedModel);
        Assert.Equal(EmbeddingModel, entry.ServedModel);
        Assert.Equal(200, entry.Status);
        Assert.Equal(500, entry.InputTokens);
        Assert.Equal(0, entry.OutputTokens);
        Assert.Equal(expectedCost, entry.CostUsd);
    }

    [Fact]
    public async Task An_embeddings_request_and_its_answer_pass_through_byte_for_byte()
    {
        const string body = """{"model":"text-embedding-3-small","input":["The ledger keeps every cent.","Nothing is free."],"encoding_format":"float","unknown_field":{"kept":true}}""";

        using var viaGateway = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/embeddings", body));
        using var direct = await fixture.Simulator.Http.SendAsync(Wire.Post("v1/embeddings", body));

        Assert.Equal(HttpStatusCode.OK, viaGateway.StatusCode);
        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), await viaGateway.Content.ReadAsByteArrayAsync());
        var upstream = await fixture.Simulator.WaitForRequestAsync(Wire.Header(viaGateway, "x-tollgate-request-id"));
        Assert.Equal("/v1/embeddings", upstream.Path);
        Assert.Equal(body, upstream.Body);
    }

    [Fact]
    public async Task Listing_models_is_relayed_and_recorded_as_a_free_call()
    {
        ClientResult<OpenAIModelCollection> viaSdk = await Models(fixture.Gateway.BaseAddress).GetModelsAsync();
        using var viaGateway = await fixture.Gateway.Http.GetAsync("v1/models");
        using var direct = await fixture.Simulator.Http.GetAsync("v1/models");

        Assert.Contains(viaSdk.Value, model => model.Id == "gpt-4o-mini");
        Assert.Contains(viaSdk.Value, model => model.Id == EmbeddingModel);
        Assert.Equal(HttpStatusCode.OK, viaGateway.StatusCode);
        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), await viaGateway.Content.ReadAsByteArrayAsync());
        Assert.Equal("0", Wire.Header(viaGateway, "x-tollgate-cost-usd"));
        Assert.True(viaSdk.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var requestId));
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId!);
        Assert.NotNull(entry);
        Assert.Equal("/v1/models", entry.Endpoint);
        Assert.Equal("openai", entry.Provider);
        Assert.Equal(200, entry.Status);
        Assert.Null(entry.RequestedModel);
        Assert.Equal(0, entry.InputTokens);
        Assert.Equal(0, entry.OutputTokens);
        Assert.Equal(0m, entry.CostUsd);
        Assert.Null(entry.Warning);
    }

    private static OpenAIClientOptions Options(Uri baseAddress) => new()
    {
        Endpoint = new Uri(baseAddress, "v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = TimeSpan.FromSeconds(60),
    };

    private static EmbeddingClient Embeddings(Uri baseAddress) => new(EmbeddingModel, new ApiKeyCredential("sk-client-unused"), Options(baseAddress));

    private static OpenAIModelClient Models(Uri baseAddress) => new(new ApiKeyCredential("sk-client-unused"), Options(baseAddress));
}
