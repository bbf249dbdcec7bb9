using System.Text.Json;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Protocols;

/// <summary>The fields only a Responses API request has: its input, its output limit and the state it is answered from.</summary>
internal static partial class RequestReader
{
    /// <summary>
    /// Reads the value if the reader is on a Responses API field, with <paramref name="accepted"/> false when it is
    /// refused; false when the property is not one of them.
    /// </summary>
    private static bool TryReadResponsesField(ref Utf8JsonReader reader, ref RequestScan scan, out bool accepted)
    {
        if (reader.ValueTextEquals("input"u8))
        {
            accepted = ReadResponsesInput(ref reader, ref scan);
        }
        else if (reader.ValueTextEquals("max_output_tokens"u8))
        {
            accepted = ReadTokenLimit(ref reader, ref scan, "max_output_tokens");
        }
        else if (reader.ValueTextEquals("background"u8))
        {
            accepted = ReadOptionalBoolean(ref reader, ref scan, "background", ref scan.Background);
        }
        else if (reader.ValueTextEquals("store"u8))
        {
            accepted = ReadOptionalBoolean(ref reader, ref scan, "store", ref scan.Store);
        }
        else if (reader.ValueTextEquals("previous_response_id"u8))
        {
            accepted = ReadPreviousResponseId(ref reader, ref scan);
        }
        else if (reader.ValueTextEquals("conversation"u8))
        {
            // Either gives the model something to answer without an input; the provider judges their shape.
            scan.Conversation |= SkipGiven(ref reader);
            accepted = true;
        }
        else if (reader.ValueTextEquals("prompt"u8))
        {
            scan.HasPrompt |= SkipGiven(ref reader);
            accepted = true;
        }
        else
        {
            accepted = true;
            return false;
        }

        return true;
    }

    /// <summary>A string or an array of input items (the provider judges the items), or null for none.</summary>
    private static bool ReadResponsesInput(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.StartArray or JsonTokenType.Null))
        {
            return scan.Refuse(RequestProblems.WrongType(scan.Protocol, "input", "one of a string or array of input items", "a valid list", ref reader));
        }

        scan.HasInput = reader.TokenType != JsonTokenType.Null;
        reader.Skip();
        return true;
    }

    private static bool ReadPreviousResponseId(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            if (JsonTextCheck.InCurrentToken(ref reader) is { } fault)
            {
                return scan.Refuse(RequestProblems.UnsoundText("previous_response_id", fault.Describe(scan.Body)));
            }

            scan.PreviousResponseId = reader.GetString();
            return true;
        }

        return reader.TokenType == JsonTokenType.Null || scan.Refuse(RequestProblems.WrongType(scan.Protocol, "previous_response_id", "a string", "a valid string", ref reader));
    }

    /// <summary>Skips the value, saying whether one was given (anything but null).</summary>
    private static bool SkipGiven(ref Utf8JsonReader reader)
    {
        reader.Read();
        var given = reader.TokenType != JsonTokenType.Null;
        reader.Skip();
        return given;
    }
}
