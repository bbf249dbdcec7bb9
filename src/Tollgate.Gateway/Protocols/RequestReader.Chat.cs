using System.Globalization;
using System.Text.Json;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// The fields chat completions and messages share (and an embedding's input): the model, the conversation, how the
/// answer is sent, and what shapes it.
/// </summary>
internal static partial class RequestReader
{
    private static bool ReadModel(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            return scan.Refuse(RequestProblems.WrongType(scan.Protocol, "model", "a string", "a valid string", ref reader));
        }

        if (JsonTextCheck.InCurrentToken(ref reader) is { } fault)
        {
            return scan.Refuse(RequestProblems.UnsoundText("model", fault.Describe(scan.Body)));
        }

        scan.Model = reader.GetString();
        if (scan.Model is not null && !IsPrintableAscii(scan.Model))
        {
            return scan.Refuse(RequestProblems.UnprintableModel(scan.Protocol));
        }

        scan.HasModel = !string.IsNullOrWhiteSpace(scan.Model);
        return true;
    }

    /// <summary>An array of objects (the provider judges what each says); an empty one is told apart from none.</summary>
    private static bool ReadMessages(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return scan.Refuse(RequestProblems.WrongType(scan.Protocol, "messages", "an array of objects", "a valid list", ref reader));
        }

        if (!reader.Read())
        {
            return true;
        }

        scan.SawMessages = true;
        scan.HasMessages = reader.TokenType != JsonTokenType.EndArray;
        for (var index = 0; reader.TokenType != JsonTokenType.EndArray; index++)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return scan.Refuse(RequestProblems.WrongType(scan.Protocol, string.Create(CultureInfo.InvariantCulture, $"messages[{index}]"), "an object", "a valid dictionary", ref reader));
            }

            reader.Skip();
            reader.Read();
        }

        return true;
    }

    /// <summary>An embedding's input: a string or an array, either of which may be empty.</summary>
    private static bool ReadEmbeddingInput(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        scan.HasInput = reader.TokenType is JsonTokenType.String or JsonTokenType.StartArray;
        scan.EmptyInput = reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            scan.EmptyInput = reader.TokenType == JsonTokenType.EndArray;
            while (reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                reader.Read();
            }
        }
        else
        {
            reader.Skip();
        }

        return true;
    }

    /// <summary>An object (or null) whose <c>include_usage</c> says whether the client asked for usage in the stream.</summary>
    private static bool ReadStreamOptions(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var depth = reader.CurrentDepth;
            while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("include_usage"u8))
                {
                    reader.Read();
                    scan.IncludeUsage = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            return true;
        }

        return reader.TokenType == JsonTokenType.Null || scan.Refuse(RequestProblems.WrongType(scan.Protocol, "stream_options", "an object", "a valid dictionary", ref reader));
    }

    private static bool ReadTemperature(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            scan.Temperature = reader.GetDouble();
            return true;
        }

        return reader.TokenType == JsonTokenType.Null || scan.Refuse(RequestProblems.WrongType(scan.Protocol, "temperature", "a number", "a valid number", ref reader));
    }

    /// <summary>
    /// A number (or null) read only to tell whether the answer is deterministic; its range is the provider's to judge, so
    /// any other type passes on to the provider too.
    /// </summary>
    private static bool ReadTopK(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            scan.TopK = reader.GetDouble();
        }
        else
        {
            reader.Skip();
        }

        return true;
    }

    /// <summary>Only whether tools are offered (an array); the provider judges their shape.</summary>
    private static bool ReadTools(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        scan.HasTools = reader.TokenType == JsonTokenType.StartArray;
        reader.Skip();
        return true;
    }
}
