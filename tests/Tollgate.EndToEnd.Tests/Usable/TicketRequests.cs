// The official SDK marks its Responses client experimental (OPENAI001); the gateway must serve it as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.Usable;

/// <summary>Requests for a ticket typed by a JSON Schema (<c>{"title": string, "priority": 1–3}</c>), whole and streamed, with the official OpenAI SDK.</summary>
internal static class TicketRequests
{
    public const string Schema =
        """{"type": "object", "properties": {"title": {"type": "string"}, "priority": {"type": "integer", "minimum": 1, "maximum": 3}}, "required": ["title", "priority"], "additionalProperties": false}""";

    /// <summary>Chat Completions options asking for the ticket schema (strict).</summary>
    public static readonly ChatCompletionOptions Typed = new()
    {
        ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("ticket", BinaryData.FromString(Schema), jsonSchemaIsStrict: true),
    };

    /// <summary>A Responses API request for a ticket, its <c>text.format</c> the ticket schema (strict).</summary>
    public static CreateResponseOptions Response(string prompt) => new(SdkClients.OpenAIModel, [ResponseItem.CreateUserMessageItem(prompt)])
    {
        TextOptions = new ResponseTextOptions
        {
            TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("ticket", BinaryData.FromString(Schema), jsonSchemaIsStrict: true),
        },
    };

    /// <summary>Streams a ticket for <paramref name="prompt"/> through the gateway, as <paramref name="key"/>, recording the raw stream.</summary>
    public static async Task<StreamedTicket> StreamAsync(Uri gateway, string key, string prompt)
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var chat = new ChatClient(SdkClients.OpenAIModel, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(gateway, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
        });

        var text = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], Typed))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        return new StreamedTicket(text.ToString(), recorder.RequestId!, recorder.Body);
    }
}

/// <summary>A streamed ticket: the text its events added up to, the gateway's request id, and the raw stream as received.</summary>
internal sealed record StreamedTicket(string Text, string RequestId, string Raw);
