namespace Tollgate.Core.Exchange;

/// <summary>The provider operation an exchange performs.</summary>
public enum ExchangeOperation
{
    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    ChatCompletions,

    /// <summary><c>POST /v1/embeddings</c>.</summary>
    Embeddings,

    /// <summary><c>GET /v1/models</c>.</summary>
    Models,

    /// <summary><c>POST /v1/messages</c>.</summary>
    Messages,

    /// <summary><c>POST /v1/messages/count_tokens</c>.</summary>
    CountTokens,
}
