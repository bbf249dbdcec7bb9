using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// Reads the fields the levers need from a request body in one forward pass (no DOM), and rejects bodies
/// the provider would reject for the shape of those fields: not JSON, not an object, missing or mistyped
/// <c>model</c> / <c>messages</c> / <c>input</c>, mistyped <c>stream</c> (and, for the Responses API,
/// <c>background</c>, <c>store</c>, <c>previous_response_id</c>), token limits that are not integers of at least 1, a field read here whose text has no UTF-8 form. The refusals are worded as the provider
/// words them (<see cref="RequestProblems"/>). Everything else is the provider's to judge and travels
/// untouched, text with no UTF-8 form included: the provider answers it.
/// </summary>
internal static partial class RequestReader
{
    public static RequestReadResult Read(ReadOnlySpan<byte> body, WireProtocol protocol, ExchangeOperation operation)
    {
        if (body.IsEmpty)
        {
            return RequestReadResult.Fail("The request body is empty; a JSON object is expected.", null);
        }

        try
        {
            return ReadObject(body, protocol, operation);
        }
        catch (JsonException)
        {
            return RequestReadResult.Fail("The request body is not valid JSON.", null);
        }
    }

    private static RequestReadResult ReadObject(ReadOnlySpan<byte> body, WireProtocol protocol, ExchangeOperation operation)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return RequestReadResult.Fail("The request body must be a JSON object.", null);
        }

        var scan = new RequestScan(body, protocol, operation);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (!ReadField(ref reader, ref scan))
            {
                return scan.Refusal;
            }
        }

        // Anything after the root object (a second document, garbage) is malformed input too.
        while (reader.Read())
        {
        }

        return Conclude(ref scan);
    }

    /// <summary>
    /// Reads the value of the property the reader is on, leaving the reader on that value's last token; false, with
    /// <see cref="RequestScan.Refusal"/> set, when the value is refused. A Responses API request's own fields first
    /// (its <c>input</c> is not an embedding's); a field not read here is skipped whole.
    /// </summary>
    private static bool ReadField(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        if (scan.Responses && TryReadResponsesField(ref reader, ref scan, out var accepted))
        {
            return accepted;
        }

        return reader.ValueTextEquals("model"u8) ? ReadModel(ref reader, ref scan)
            : reader.ValueTextEquals("messages"u8) ? ReadMessages(ref reader, ref scan)
            : reader.ValueTextEquals("input"u8) ? ReadEmbeddingInput(ref reader, ref scan)
            : reader.ValueTextEquals("stream"u8) ? ReadOptionalBoolean(ref reader, ref scan, "stream", ref scan.Stream)
            : reader.ValueTextEquals("stream_options"u8) ? ReadStreamOptions(ref reader, ref scan)
            : reader.ValueTextEquals("max_tokens"u8) ? ReadTokenLimit(ref reader, ref scan, "max_tokens")
            : reader.ValueTextEquals("max_completion_tokens"u8) ? ReadTokenLimit(ref reader, ref scan, "max_completion_tokens")
            : reader.ValueTextEquals("temperature"u8) ? ReadTemperature(ref reader, ref scan)
            : reader.ValueTextEquals("top_k"u8) ? ReadTopK(ref reader, ref scan)
            : reader.ValueTextEquals("tools"u8) ? ReadTools(ref reader, ref scan)
            : reader.ValueTextEquals("user"u8) && scan.Protocol == WireProtocol.OpenAI ? ReadUser(ref reader, ref scan)
            : reader.ValueTextEquals("metadata"u8) && scan.Protocol == WireProtocol.Anthropic ? ReadMetadata(ref reader, ref scan)
            : SkipValue(ref reader);
    }

    /// <summary>Refuses a body that lacks what its operation needs; otherwise hands over the facts found.</summary>
    private static RequestReadResult Conclude(ref RequestScan scan)
    {
        var (protocol, operation) = (scan.Protocol, scan.Operation);

        // Counting input tokens needs no model: the provider counts with a default one.
        if (!scan.HasModel && operation != ExchangeOperation.ResponsesInputTokens)
        {
            return RequestProblems.Missing(protocol, "model");
        }

        switch (operation)
        {
            case ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.CountTokens when !scan.HasMessages:
                return scan.SawMessages ? RequestProblems.EmptyMessages(protocol) : RequestProblems.Missing(protocol, "messages");
            case ExchangeOperation.Embeddings when !scan.HasInput:
                return RequestProblems.Missing(protocol, "input");
            case ExchangeOperation.Embeddings when scan.EmptyInput:
                return RequestProblems.InvalidInput();

            // Outside the Responses API only max_tokens (or max_completion_tokens) sets the limit.
            case ExchangeOperation.Messages when scan.MaxTokens is null:
                return RequestProblems.Missing(protocol, "max_tokens");

            // A response needs something to answer: the input, or state that stands for it.
            case ExchangeOperation.Responses when !scan.HasInput && scan.PreviousResponseId is null && !scan.Conversation && !scan.HasPrompt:
                return RequestProblems.Missing(protocol, "input");
        }

        return RequestReadResult.Ok(new RequestFacts
        {
            Model = scan.Model,
            Stream = scan.Stream && operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses,
            ClientIncludesUsage = scan.IncludeUsage,
            MaxTokens = scan.MaxTokens,
            User = scan.User,
            Temperature = scan.Temperature,
            TopK = scan.TopK,
            HasTools = scan.HasTools,
            PreviousResponseId = scan.PreviousResponseId,
            Conversation = scan.Conversation,
            Background = scan.Background,
            Store = scan.Store,
        });
    }

    /// <summary>Reads a boolean that may also be null (left as it was); any other type is refused.</summary>
    private static bool ReadOptionalBoolean(ref Utf8JsonReader reader, ref RequestScan scan, string name, ref bool value)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            value = reader.GetBoolean();
            return true;
        }

        return reader.TokenType == JsonTokenType.Null || scan.Refuse(RequestProblems.WrongType(scan.Protocol, name, "a boolean", "a valid boolean", ref reader));
    }

    /// <summary>
    /// Reads a limit on output tokens into <see cref="RequestScan.MaxTokens"/>: an integer from 1 to 2147483647, or null
    /// (left as it was). A limit below 1 asks for nothing; the providers refuse it, and a budget would reserve a negative cost.
    /// </summary>
    private static bool ReadTokenLimit(ref Utf8JsonReader reader, ref RequestScan scan, string name)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            if (value < 1)
            {
                return scan.Refuse(RequestProblems.BelowMinimum(scan.Protocol, name, value, minimum: 1));
            }

            // The providers read the limit as a 32-bit integer; a larger one is refused before it reaches them.
            if (value > int.MaxValue)
            {
                return scan.Refuse(RequestProblems.AboveMaximum(scan.Protocol, name, value, maximum: int.MaxValue));
            }

            scan.MaxTokens = value;
            return true;
        }

        return reader.TokenType == JsonTokenType.Null || scan.Refuse(RequestProblems.WrongType(scan.Protocol, name, "an integer", "a valid integer", ref reader));
    }

    private static bool SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
        return true;
    }

    /// <summary>Whether <paramref name="value"/> is printable ASCII throughout, as every provider's model names are.</summary>
    internal static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
