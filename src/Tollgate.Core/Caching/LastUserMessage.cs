using System.Text;
using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Caching;

/// <summary>
/// The last user message of a generation request, which the semantic cache compares by meaning while everything else in
/// the request must match exactly (<see cref="CacheKey.ComputePartition"/>): its text, where its value starts in the
/// body, and whether the request is a single turn (one user message, apart from system prompts and instructions).
/// Found in Chat Completions' and Messages' <c>messages</c> and in the Responses API's <c>input</c> (a string, or
/// items). A message with anything but text in it (an image, a file, a tool result) is not found: its meaning is not
/// all in its words.
/// </summary>
public readonly record struct LastUserMessage
{
    /// <summary>The message's text (its text parts joined by line feeds).</summary>
    public string Text { get; init; }

    /// <summary>Byte offset in the body where the message's value (<c>content</c>, or Responses' string <c>input</c>) starts.</summary>
    public long ValueStart { get; init; }

    /// <summary>Whether the request is one user message, apart from system prompts and instructions.</summary>
    public bool SingleTurn { get; init; }

    /// <summary>
    /// The last user message of <paramref name="body"/> for <paramref name="operation"/>; false when there is none with
    /// only text in it, or the body is not a JSON object. Never throws for a bad body.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> body, ExchangeOperation operation, out LastUserMessage message)
    {
        message = default;
        if (operation is not (ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses))
        {
            return false;
        }

        var list = operation == ExchangeOperation.Responses ? "input"u8 : "messages"u8;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = CacheKeyCanonicalForm.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals(list))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                // A repeated member: the provider reads the last one, and so does this.
                reader.Read();
                found = reader.TokenType switch
                {
                    JsonTokenType.String when operation == ExchangeOperation.Responses =>
                        Found(new LastUserMessage { Text = reader.GetString()!, ValueStart = reader.TokenStartIndex, SingleTurn = true }, out message),
                    JsonTokenType.StartArray => ReadList(ref reader, out message),
                    _ => Skipped(ref reader, out message),
                };
            }

            return found;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            message = default;
            return false;
        }
    }

    private static bool Found(LastUserMessage found, out LastUserMessage message)
    {
        message = found;
        return true;
    }

    private static bool Skipped(ref Utf8JsonReader reader, out LastUserMessage message)
    {
        reader.Skip();
        message = default;
        return false;
    }

    /// <summary>Reads a list of messages or items to its end; the reader ends on its closing bracket.</summary>
    private static bool ReadList(ref Utf8JsonReader reader, out LastUserMessage message)
    {
        message = default;
        var found = false;
        var users = 0;
        var others = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                others++;
                continue;
            }

            var item = ReadItem(ref reader);
            switch (item.Kind)
            {
                case ItemKind.User:
                    users++;
                    found = item.Text is not null;
                    message = found ? new LastUserMessage { Text = item.Text!, ValueStart = item.ValueStart } : default;
                    break;
                case ItemKind.System:
                    break;
                default:
                    others++;
                    break;
            }
        }

        if (found)
        {
            message = message with { SingleTurn = users == 1 && others == 0 };
        }

        return found;
    }

    private static Item ReadItem(ref Utf8JsonReader reader)
    {
        string? role = null;
        string? type = null;
        string? text = null;
        long start = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                role = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                start = reader.TokenStartIndex;
                text = ContentText(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var kind = type is not null && type != "message" ? ItemKind.Other
            : role is "system" or "developer" ? ItemKind.System
            : role == "user" ? ItemKind.User
            : ItemKind.Other;
        return new Item(kind, text, start);
    }

    /// <summary>The text of a content value: a string, or an array of text parts only; null for anything else.</summary>
    private static string? ContentText(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var text = new StringBuilder();
        var onlyText = true;
        var parts = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                onlyText = false;
                continue;
            }

            string? type = null;
            string? part = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    part = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else
                {
                    // A cache_control hint on a text part shapes no answer; anything else (an image's source) is not text.
                    var hint = reader.ValueTextEquals("cache_control"u8);
                    reader.Read();
                    reader.Skip();
                    onlyText &= hint;
                }
            }

            if (type is not ("text" or "input_text") || part is null)
            {
                onlyText = false;
                continue;
            }

            if (parts++ > 0)
            {
                text.Append('\n');
            }

            text.Append(part);
        }

        return onlyText && parts > 0 ? text.ToString() : null;
    }

    private enum ItemKind
    {
        User,
        System,
        Other,
    }

    private readonly record struct Item(ItemKind Kind, string? Text, long ValueStart);
}
