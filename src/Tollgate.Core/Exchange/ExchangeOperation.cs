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

    /// <summary><c>POST /v1/responses</c>: creates a model response (OpenAI Responses API).</summary>
    Responses,

    /// <summary><c>GET /v1/responses/{id}</c>: a stored response, or its events again with <c>?stream=true</c>.</summary>
    ResponsesRetrieve,

    /// <summary><c>DELETE /v1/responses/{id}</c>.</summary>
    ResponsesDelete,

    /// <summary><c>POST /v1/responses/{id}/cancel</c>: stops a background response.</summary>
    ResponsesCancel,

    /// <summary><c>GET /v1/responses/{id}/input_items</c>.</summary>
    ResponsesInputItems,

    /// <summary><c>POST /v1/responses/input_tokens</c>: counts the input tokens of a request body, bills nothing.</summary>
    ResponsesInputTokens,
}
