using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using OpenAI;
using OpenAI.Chat;

namespace Tollgate.Testing.Clients;

/// <summary>
/// The official SDKs configured as an application would to use Tollgate (or any provider at
/// <c>baseAddress</c>): only the base URL and key change. Retries are off so a test sees each error as sent.
/// </summary>
public static class SdkClients
{
    public const string OpenAIModel = "gpt-4o-mini";

    public const string AnthropicModel = "claude-haiku-4-5";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="baseAddress">The server's root, e.g. <c>http://127.0.0.1:8080/</c>; the SDK calls <c>{root}v1/…</c>.</param>
    /// <param name="model">The model every call names.</param>
    /// <param name="apiKey">A Tollgate virtual key, or anything when the gateway requires none.</param>
    public static ChatClient OpenAIChat(Uri baseAddress, string model = OpenAIModel, string apiKey = "sk-client-unused") =>
        new(model, new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(baseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout,
        });

    /// <param name="baseAddress">The server's root, e.g. <c>http://127.0.0.1:8080/</c>.</param>
    /// <param name="apiKey">A Tollgate virtual key (sent as <c>x-api-key</c>), or anything when the gateway requires none.</param>
    public static AnthropicClient Anthropic(Uri baseAddress, string apiKey = "sk-ant-client-unused") => new()
    {
        BaseUrl = baseAddress.ToString().TrimEnd('/'),
        ApiKey = apiKey,
        MaxRetries = 0,
        Timeout = Timeout,
    };

    /// <summary>The OpenAI chat client sending through <paramref name="http"/> (a <see cref="RecordingHandler"/>, say) to see the bytes it read.</summary>
    public static ChatClient OpenAIChat(Uri baseAddress, HttpClient http) =>
        new(OpenAIModel, new ApiKeyCredential("sk-client-unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(baseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
        });

    /// <summary>The Anthropic client sending through <paramref name="http"/> (a <see cref="RecordingHandler"/>, say) to see the bytes it read.</summary>
    public static AnthropicClient Anthropic(Uri baseAddress, HttpClient http) => new()
    {
        BaseUrl = baseAddress.ToString().TrimEnd('/'),
        ApiKey = "sk-ant-client-unused",
        MaxRetries = 0,
        HttpClient = http,
    };
}
