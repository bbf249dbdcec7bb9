using System.Text;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>Applies edits to a body given as text and checks that what comes out is one valid JSON document.</summary>
internal static class EditedBody
{
    public static string OpenAIChat(string json, RequestEdits edits) => Apply(json, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, edits);

    public static string AnthropicMessages(string json, RequestEdits edits) => Apply(json, WireProtocol.Anthropic, ExchangeOperation.Messages, edits);

    public static string Apply(string json, WireProtocol protocol, ExchangeOperation operation, RequestEdits edits)
    {
        var edited = RequestBodyEditor.Apply(Encoding.UTF8.GetBytes(json), protocol, operation, edits);
        using (JsonDocument.Parse(edited, new JsonDocumentOptions { MaxDepth = 4096 }))
        {
            // Parsing is the check: an edit must never leave the body malformed.
        }

        return Encoding.UTF8.GetString(edited.Span);
    }
}
