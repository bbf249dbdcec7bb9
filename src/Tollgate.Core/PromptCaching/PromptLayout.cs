using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.PromptCaching;

/// <summary>
/// Where the parts of a prompt that a provider caches as a prefix lie in a request body, read in one pass without
/// materialising it: the tool definitions and the system prompt (Anthropic <c>system</c>, OpenAI chat's leading
/// <c>system</c>/<c>developer</c> messages, the Responses API's <c>instructions</c>), which the provider reads first
/// and a feature keeps the same from call to call, and, for Anthropic, the conversation before the final user turn.
/// Offsets are byte positions in the body; a part the body lacks has length 0.
/// </summary>
public readonly record struct PromptLayout
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = int.MaxValue };

    /// <summary>A layout with no part found.</summary>
    public PromptLayout()
    {
    }

    /// <summary>
    /// Whether the client gave prompt-cache hints of its own: Anthropic <c>cache_control</c> anywhere in the body,
    /// OpenAI <c>prompt_cache_key</c>.
    /// </summary>
    public bool HasClientHints { get; init; }

    /// <summary>Start of the <c>tools</c> value.</summary>
    public int ToolsStart { get; init; }

    /// <summary>Length of the <c>tools</c> value, or 0.</summary>
    public int ToolsLength { get; init; }

    /// <summary>Start of the system prompt.</summary>
    public int SystemStart { get; init; }

    /// <summary>Length of the system prompt (for OpenAI chat: from the first message to the end of the last leading system one), or 0.</summary>
    public int SystemLength { get; init; }

    /// <summary>Whether the system prompt holds any text or block (an empty string or array holds none).</summary>
    public bool SystemHasContent { get; init; }

    /// <summary>Anthropic: the index of the message just before the final user turn, or -1 when the conversation has no turn before it.</summary>
    public int MessageBeforeFinalTurn { get; init; } = -1;

    /// <summary>Anthropic: bytes of <c>messages</c> from its opening bracket through <see cref="MessageBeforeFinalTurn"/>.</summary>
    public int MessagesLengthBeforeFinalTurn { get; init; }

    /// <summary>Reads the layout of a chat completions, messages or Responses API body.</summary>
    public static PromptLayout Read(ReadOnlySpan<byte> body, WireProtocol protocol, ExchangeOperation operation)
    {
        var anthropic = protocol == WireProtocol.Anthropic;
        var layout = new PromptLayout { HasClientHints = HasHints(body, protocol) };
        var reader = new Utf8JsonReader(body, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return layout;
        }

        var systemName = anthropic ? "system"u8 : "instructions"u8;
        var readsMessages = operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("tools"u8))
            {
                var (start, length, _) = Value(ref reader);
                layout = layout with { ToolsStart = start, ToolsLength = length };
            }
            else if ((anthropic || operation == ExchangeOperation.Responses) && reader.ValueTextEquals(systemName))
            {
                var (start, length, content) = Value(ref reader);
                layout = layout with { SystemStart = start, SystemLength = length, SystemHasContent = content };
            }
            else if (readsMessages && reader.ValueTextEquals("messages"u8))
            {
                layout = ReadMessages(ref reader, anthropic, layout);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return layout;
    }

    /// <summary>
    /// Whether a body of <paramref name="protocol"/> carries the client's own prompt-cache hints (<see cref="HasClientHints"/>),
    /// found without reading its layout.
    /// </summary>
    public static bool HasHints(ReadOnlySpan<byte> body, WireProtocol protocol) =>
        ContainsMember(body, protocol == WireProtocol.Anthropic ? "\"cache_control\""u8 : "\"prompt_cache_key\""u8);

    /// <summary>Whether <paramref name="quotedName"/> occurs as a member name or string token, not inside another string.</summary>
    private static bool ContainsMember(ReadOnlySpan<byte> body, ReadOnlySpan<byte> quotedName)
    {
        var offset = 0;
        while (body[offset..].IndexOf(quotedName) is var found and >= 0)
        {
            var at = offset + found;

            // Inside a string a quote is escaped: preceded by an odd number of backslashes.
            var backslashes = 0;
            while (at - backslashes > 0 && body[at - backslashes - 1] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 0)
            {
                return true;
            }

            offset = at + 1;
        }

        return false;
    }

    /// <summary>Reads the value after the member name the reader stands on: its place, and whether it holds anything.</summary>
    private static (int Start, int Length, bool Content) Value(ref Utf8JsonReader reader)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        var peek = reader;
        var content = reader.TokenType switch
        {
            JsonTokenType.String => !reader.ValueSpan.IsEmpty,
            JsonTokenType.StartArray => peek.Read() && peek.TokenType != JsonTokenType.EndArray,
            _ => false,
        };

        reader.Skip();
        return (start, (int)reader.BytesConsumed - start, content);
    }

    private static PromptLayout ReadMessages(ref Utf8JsonReader reader, bool anthropic, PromptLayout layout)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return layout;
        }

        var arrayStart = (int)reader.TokenStartIndex;
        var previousEnd = arrayStart + 1;
        var index = -1;
        var leading = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            index++;
            var start = (int)reader.TokenStartIndex;
            var role = ReadRole(ref reader);
            var end = (int)reader.BytesConsumed;
            if (anthropic && role == Role.User && index > 0)
            {
                layout = layout with { MessageBeforeFinalTurn = index - 1, MessagesLengthBeforeFinalTurn = previousEnd - arrayStart };
            }
            else if (!anthropic && leading && role == Role.System)
            {
                var first = layout.SystemLength == 0 ? start : layout.SystemStart;
                layout = layout with { SystemStart = first, SystemLength = end - first, SystemHasContent = true };
            }

            leading &= role == Role.System;
            previousEnd = end;
        }

        return layout;
    }

    /// <summary>Reads one message to its end: its role.</summary>
    private static Role ReadRole(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return Role.Other;
        }

        var role = Role.Other;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRole = reader.ValueTextEquals("role"u8);
            reader.Read();
            if (isRole && reader.TokenType == JsonTokenType.String)
            {
                role = reader.ValueTextEquals("user"u8) ? Role.User
                    : reader.ValueTextEquals("system"u8) || reader.ValueTextEquals("developer"u8) ? Role.System
                    : Role.Other;
            }

            reader.Skip();
        }

        return role;
    }

    private enum Role
    {
        Other,
        User,
        System,
    }
}
