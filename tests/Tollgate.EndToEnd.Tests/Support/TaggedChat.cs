using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI.Chat;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>Chat calls through the OpenAI SDK carrying <c>x-tollgate-tags</c>, as a caller tags a single request.</summary>
internal static class TaggedChat
{
    /// <summary>Sends <paramref name="body"/> (a chat completion request) with <c>x-tollgate-tags: <paramref name="tags"/></c>, or without the header when null.</summary>
    public static Task<ClientResult> SendAsync(ChatClient chat, string body, string? tags)
    {
        var options = new RequestOptions();
        if (tags is not null)
        {
            options.AddHeader("x-tollgate-tags", tags);
        }

        return chat.CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(body)), options);
    }
}
