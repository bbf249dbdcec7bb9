// The official SDK marks its Responses client experimental (OPENAI001); the cache must serve it as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>The official SDKs pointed at a gateway, sending whatever <see cref="Headers"/> holds with every call.</summary>
internal sealed class CacheClients : IDisposable
{
    private readonly HttpClient _anthropicHttp;
    private readonly ApiKeyCredential _credential;
    private readonly OpenAIClientOptions _chatOptions;

    public CacheClients(Uri gateway, string apiKey = "sk-client-unused")
    {
        var chatOptions = new OpenAIClientOptions { Endpoint = new Uri(gateway, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        chatOptions.AddPolicy(Headers, PipelinePosition.PerCall);
        _credential = new ApiKeyCredential(apiKey);
        _chatOptions = chatOptions;
        Chat = new ChatClient(SdkClients.OpenAIModel, _credential, chatOptions);
        var responsesOptions = new ResponsesClientOptions { Endpoint = new Uri(gateway, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        responsesOptions.AddPolicy(Headers, PipelinePosition.PerCall);
        Responses = new ResponsesClient(new ApiKeyCredential(apiKey), responsesOptions);
        _anthropicHttp = new HttpClient(Headers.Handler()) { Timeout = TimeSpan.FromSeconds(60) };
        Anthropic = new AnthropicClient { BaseUrl = gateway.ToString().TrimEnd('/'), ApiKey = apiKey, MaxRetries = 0, HttpClient = _anthropicHttp };
    }

    public CacheHeaders Headers { get; } = new();

    public ChatClient Chat { get; }

    public ResponsesClient Responses { get; }

    public AnthropicClient Anthropic { get; }

    /// <summary>A chat client for <paramref name="model"/> sending the same headers.</summary>
    public ChatClient ChatFor(string model) => new(model, _credential, _chatOptions);

    public void Dispose() => _anthropicHttp.Dispose();

    /// <summary>A deterministic chat call: one user message, temperature 0.</summary>
    public static ChatCompletionOptions Deterministic(float temperature = 0) => new() { Temperature = temperature };

    /// <summary>A header of an OpenAI SDK result.</summary>
    public static string? Header(ClientResult result, string name) =>
        result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value : null;
}
