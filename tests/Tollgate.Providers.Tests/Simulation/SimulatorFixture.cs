using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Tollgate.Providers.Simulation;

namespace Tollgate.Providers.Tests.Simulation;

/// <summary>One simulator on a free loopback port for the whole collection, with SDK clients that never retry.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await SimulatorHost.StartAsync(new SimulatorOptions { HangMs = 0 }, "http://127.0.0.1:0");
        Http = new HttpClient { BaseAddress = Host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    public OpenAIClientOptions OpenAIOptions() => new()
    {
        Endpoint = new Uri(Host.BaseAddress, "v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    };

    /// <summary>Options of the Responses client: the SDK's Responses API is experimental and has options of its own.</summary>
#pragma warning disable OPENAI001 // the SDK marks its Responses client experimental; the simulator serves what it sends
    public OpenAI.Responses.ResponsesClientOptions ResponsesOptions() => new()
    {
        Endpoint = new Uri(Host.BaseAddress, "v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    };
#pragma warning restore OPENAI001

    public ChatClient Chat(string model = "gpt-4o-mini") => new(model, new ApiKeyCredential("k"), OpenAIOptions());

    public EmbeddingClient Embeddings(string model = "text-embedding-3-small") => new(model, new ApiKeyCredential("k"), OpenAIOptions());

    public AnthropicClient Anthropic() => new()
    {
        ApiKey = "k",
        BaseUrl = Host.BaseAddress.ToString().TrimEnd('/'),
        MaxRetries = 0,
    };
}
