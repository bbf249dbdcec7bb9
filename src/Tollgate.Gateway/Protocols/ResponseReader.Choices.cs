using System.Text.Json;

namespace Tollgate.Gateway.Protocols;

/// <summary>The chat half of the reader's stop reasons: whether a choice finished because its output limit stopped it.</summary>
internal static partial class ResponseReader
{
    /// <summary>On a chat <c>choices</c> array: whether it is empty (the usage chunk) and whether a choice finished for length; ends on its closing bracket.</summary>
    private static void ReadChoices(ref Utf8JsonReader reader, ref ResponseFacts facts)
    {
        facts.EmptyChoices = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            facts.EmptyChoices = false;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var isFinishReason = reader.ValueTextEquals("finish_reason"u8);
                reader.Read();
                if (isFinishReason && reader.TokenType == JsonTokenType.String)
                {
                    facts.StoppedAtOutputLimit |= reader.ValueTextEquals(OutputLimitStops.ChatFinishReason);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }
}
