using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Translation;

/// <summary>A whole answer (or a provider's error) in the client's protocol, and the stream translator of each route.</summary>
internal static class AnswerTranslation
{
    /// <summary>
    /// Writes the translation of a whole answer of <paramref name="status"/> into <paramref name="output"/>; false when
    /// a success body is no JSON object the route reads (the caller answers with an error of its own then).
    /// </summary>
    public static bool TryTranslate(TranslationRoute route, int status, ReadOnlySpan<byte> body, PooledBuffer output)
    {
        using var writer = TranslationJson.Writer(output);
        if (status is < 200 or >= 300)
        {
            ErrorTranslation.Write(status, body, RequestTranslation.ClientProtocol(route), writer);
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            switch (route)
            {
                case TranslationRoute.ChatToMessages:
                    MessagesToChatAnswer.Write(root, writer);
                    break;
                case TranslationRoute.MessagesToChat:
                    ChatToMessagesAnswer.Write(root, writer);
                    break;
                default:
                    MessagesToResponsesAnswer.Write(root, writer);
                    break;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The translator of a route's stream; <paramref name="includeUsage"/>: whether an OpenAI chat client asked for the usage chunk.</summary>
    public static EventTranslator ForStream(TranslationRoute route, bool includeUsage) => route switch
    {
        TranslationRoute.ChatToMessages => new MessagesToChatEvents(includeUsage),
        TranslationRoute.MessagesToChat => new ChatToMessagesEvents(),
        _ => new MessagesToResponsesEvents(),
    };

    /// <summary>An error of the gateway's own in the client's protocol (a success body that could not be translated).</summary>
    public static void WriteError(TranslationRoute route, int status, string message, PooledBuffer output)
    {
        using var writer = TranslationJson.Writer(output);
        ErrorTranslation.Write(status, message, RequestTranslation.ClientProtocol(route), writer);
    }
}
