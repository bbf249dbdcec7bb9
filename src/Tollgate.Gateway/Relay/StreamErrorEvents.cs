using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Relay;

/// <summary>
/// The event a stream ends with when it breaks after its first byte, in the client's protocol, as the provider itself
/// reports a failure mid-stream: a chat completions <c>data: {"error":{…}}</c> chunk (OpenAI's error object, no
/// <c>[DONE]</c>), the Responses API's <c>event: error</c> (<c>type</c>, <c>code</c>, <c>message</c>, <c>param</c>,
/// <c>sequence_number</c>), Anthropic's <c>event: error</c> (<c>{"type":"error","error":{"type","message"}}</c>).
/// </summary>
internal static class StreamErrorEvents
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="writer">The client's response body.</param>
    /// <param name="protocol">The client's protocol (a translated answer's is the client's too).</param>
    /// <param name="responses">Whether the stream is a Responses API stream (OpenAI protocol).</param>
    /// <param name="errorType">Tollgate's error type (<see cref="ErrorTypes"/>), mapped onto the protocol's.</param>
    /// <param name="message">What happened; never a secret.</param>
    /// <param name="sequenceNumber">A Responses event's <c>sequence_number</c>: one past the last event relayed.</param>
    public static void Write(PipeWriter writer, WireProtocol protocol, bool responses, string errorType, string message, long sequenceNumber)
    {
        if (protocol == WireProtocol.Anthropic)
        {
            writer.Write("event: error\ndata: "u8);
            writer.Write(ProtocolErrors.Format(WireProtocol.Anthropic, errorType, message));
        }
        else if (responses)
        {
            writer.Write("event: error\ndata: "u8);
            using var json = new Utf8JsonWriter(writer, WriterOptions);
            json.WriteStartObject();
            json.WriteString("type"u8, "error"u8);
            json.WriteString("code"u8, errorType);
            json.WriteString("message"u8, message);
            json.WriteNull("param"u8);
            json.WriteNumber("sequence_number"u8, sequenceNumber);
            json.WriteEndObject();
        }
        else
        {
            writer.Write("data: "u8);
            writer.Write(ProtocolErrors.Format(WireProtocol.OpenAI, errorType, message));
        }

        writer.Write("\n\n"u8);
    }
}
