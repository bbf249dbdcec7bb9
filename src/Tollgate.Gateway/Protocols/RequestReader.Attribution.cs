using System.Text.Json;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Protocols;

/// <summary>Who the call is for, as the body names them: OpenAI's <c>user</c>, Anthropic's <c>metadata.user_id</c>.</summary>
internal static partial class RequestReader
{
    /// <summary>OpenAI's <c>user</c>: a string, or anything else read as none.</summary>
    private static bool ReadUser(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String && JsonTextCheck.InCurrentToken(ref reader) is { } fault)
        {
            return scan.Refuse(RequestProblems.UnsoundText("user", fault.Describe(scan.Body)));
        }

        scan.User = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        reader.Skip();
        return true;
    }

    /// <summary>Anthropic's <c>metadata</c>: its <c>user_id</c> read as the user, the rest skipped.</summary>
    private static bool ReadMetadata(ref Utf8JsonReader reader, ref RequestScan scan)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("user_id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && JsonTextCheck.InCurrentToken(ref reader) is { } fault)
                {
                    return scan.Refuse(RequestProblems.UnsoundText("metadata", fault.Describe(scan.Body)));
                }

                scan.User = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return true;
    }
}
