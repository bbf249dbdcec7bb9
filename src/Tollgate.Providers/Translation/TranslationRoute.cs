namespace Tollgate.Providers.Translation;

/// <summary>Which way an exchange is translated: the client's protocol and operation, and the served provider's.</summary>
internal enum TranslationRoute
{
    /// <summary>An OpenAI chat completions client, served by an Anthropic model.</summary>
    ChatToMessages,

    /// <summary>An Anthropic messages client, served by an OpenAI (or OpenAI-compatible) model.</summary>
    MessagesToChat,

    /// <summary>An OpenAI Responses API client (its stateless subset), served by an Anthropic model.</summary>
    ResponsesToMessages,
}
