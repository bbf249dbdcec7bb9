using System.Text.Json;
using System.Text.Unicode;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Providers.Translation;

/// <summary>
/// The entry to the translators: which route an exchange takes to a provider of the other family, and its request
/// body in that provider's form. Bodies are read with <see cref="JsonDocument"/> (pooled, no reflection) and written
/// with <see cref="Utf8JsonWriter"/> into a pooled buffer.
/// </summary>
internal static class RequestTranslation
{
    /// <summary>
    /// The route from a client of <paramref name="client"/> performing <paramref name="operation"/> to a provider
    /// speaking <paramref name="served"/>, or null when none exists (same protocol, or an operation not translated:
    /// embeddings, token counts, the Responses API's stored-response routes).
    /// </summary>
    public static TranslationRoute? RouteFor(WireProtocol client, ExchangeOperation operation, WireProtocol served)
    {
        if (client == served)
        {
            return null;
        }

        return operation switch
        {
            ExchangeOperation.ChatCompletions when served == WireProtocol.Anthropic => TranslationRoute.ChatToMessages,
            ExchangeOperation.Messages when served == WireProtocol.OpenAI => TranslationRoute.MessagesToChat,
            ExchangeOperation.Responses when served == WireProtocol.Anthropic => TranslationRoute.ResponsesToMessages,
            _ => null,
        };
    }

    /// <summary>
    /// Where <paramref name="body"/> holds text with no UTF-8 form (bytes that are not UTF-8, an unpaired surrogate
    /// escape), described as a strict parser does; null when it holds none. Such text cannot be carried into another
    /// protocol (the provider of either family refuses it): check the client's body before <see cref="Translate"/>.
    /// </summary>
    public static string? UnsoundText(ReadOnlySpan<byte> body) =>
        (!Utf8.IsValid(body) || body.IndexOf("\\u"u8) >= 0) && JsonTextCheck.Find(body) is { } fault ? fault.Describe(body) : null;

    /// <summary>The protocol a route's client reads its answer in.</summary>
    public static WireProtocol ClientProtocol(TranslationRoute route) => route == TranslationRoute.MessagesToChat ? WireProtocol.Anthropic : WireProtocol.OpenAI;

    /// <summary>
    /// Translates <paramref name="body"/> for <paramref name="model"/>. <paramref name="defaultMaxTokens"/> is the
    /// served model's largest output, the limit an Anthropic request must name when the client named none.
    /// </summary>
    /// <returns>The translated body (an array the caller owns), or null with <paramref name="refusal"/> saying why.</returns>
    public static byte[]? Translate(TranslationRoute route, ReadOnlyMemory<byte> body, string model, long? defaultMaxTokens, out bool includeStreamUsage, out string? refusal)
    {
        includeStreamUsage = false;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, TranslationJson.DocumentOptions);
        }
        catch (JsonException)
        {
            refusal = "the request body is not valid JSON";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                refusal = "the request body must be a JSON object";
                return null;
            }

            using var buffer = new PooledBuffer(Math.Max(1024, body.Length + (body.Length / 4)));
            using (var writer = TranslationJson.Writer(buffer))
            {
                switch (route)
                {
                    case TranslationRoute.ChatToMessages:
                        includeStreamUsage = ChatToMessagesRequest.IncludesStreamUsage(root);
                        refusal = ChatToMessagesRequest.Write(root, model, defaultMaxTokens, writer);
                        break;
                    case TranslationRoute.MessagesToChat:
                        refusal = MessagesToChatRequest.Write(root, model, writer);
                        break;
                    default:
                        refusal = ResponsesToMessagesRequest.Write(root, model, defaultMaxTokens, writer);
                        break;
                }
            }

            return refusal is null ? buffer.WrittenSpan.ToArray() : null;
        }
    }

    /// <summary>Whether a request of <paramref name="operation"/> from <paramref name="client"/> can be sent to a provider of the other family at all.</summary>
    public static bool Crosses(WireProtocol client, ExchangeOperation operation) =>
        RouteFor(client, operation, client == WireProtocol.OpenAI ? WireProtocol.Anthropic : WireProtocol.OpenAI) is not null;
}
