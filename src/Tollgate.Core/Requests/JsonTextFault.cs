using System.Globalization;

namespace Tollgate.Core.Requests;

/// <summary>Text in a JSON document that has no UTF-8 form, and where it starts.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Offset">Byte offset in the document where the faulty text starts.</param>
public readonly record struct JsonTextFault(JsonTextFaultKind Kind, long Offset)
{
    /// <summary>
    /// Describes the fault as a strict JSON parser does, with a position counted in characters:
    /// <c>no low surrogate in string: line 1 column 43 (char 42)</c>.
    /// </summary>
    /// <param name="json">The document the fault was found in.</param>
    public string Describe(ReadOnlySpan<byte> json)
    {
        var end = (int)Math.Min(Offset, json.Length);
        var line = 1;
        var character = 0;
        var lineStart = 0;
        for (var i = 0; i < end; i++)
        {
            var b = json[i];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte belongs to the character before it
            }

            if (b == (byte)'\n')
            {
                line++;
                lineStart = character + 1;
            }

            character++;
        }

        var reason = Kind switch
        {
            JsonTextFaultKind.NoLowSurrogate => "no low surrogate in string",
            JsonTextFaultKind.InvalidLowSurrogate => "invalid low surrogate in string",
            JsonTextFaultKind.InvalidHighSurrogate => "invalid high surrogate in string",
            _ => "invalid utf-8 encoding in string",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{reason}: line {line} column {character - lineStart + 1} (char {character})");
    }
}
