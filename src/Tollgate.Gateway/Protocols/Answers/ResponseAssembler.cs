using System.Text.Json;
using Tollgate.Gateway.Relay;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// A Responses API stream assembled into the response object the provider answers without <c>stream</c>: the
/// <c>response</c> its terminal event carries (<c>response.completed</c>, or <c>response.incomplete</c> /
/// <c>response.failed</c>, which say what went wrong), byte for byte. Every event before it is checked to be JSON, so a
/// stream stored to be replayed as it is holds nothing an SDK would choke on.
/// </summary>
internal sealed class ResponseAssembler : StreamAssembler
{
    private byte[]? _response;

    protected override void AddEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An event's data is not a JSON object.");
        }

        if (name.IsEmpty)
        {
            name = SseEvents.LeadingType(data);
        }

        var terminal = name.SequenceEqual("response.completed"u8) || name.SequenceEqual("response.incomplete"u8) || name.SequenceEqual("response.failed"u8);
        byte[]? response = null;
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isResponse = reader.ValueTextEquals("response"u8);
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isResponse && reader.TokenType is JsonTokenType.EndObject)
            {
                response = data[start..(int)reader.BytesConsumed].ToArray();
            }
            else if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
        }

        if (name.IsEmpty && type is not null)
        {
            terminal = type is "response.completed" or "response.incomplete" or "response.failed";
        }

        if (name.SequenceEqual("error"u8) || (name.IsEmpty && type == "error"))
        {
            Fault = "error event";
        }
        else if (terminal)
        {
            _response = response ?? throw new FormatException("The terminal event carries no response.");
            Finished = true;
        }
    }

    public override byte[] Build() => _response ?? throw new FormatException("The stream has no terminal event.");
}
