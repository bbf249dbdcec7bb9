using System.IO.Pipelines;
using System.Text.Json;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.PromptCaching;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary>
/// Anthropic messages on the wire: a <c>message</c> whole, or Anthropic's event sequence (<c>message_start</c>,
/// <c>content_block_start</c>, <c>ping</c>, a <c>content_block_delta</c> a piece, <c>content_block_stop</c>,
/// <c>message_delta</c>, <c>message_stop</c>).
/// </summary>
internal sealed class AnthropicMessagesFormat() : ChatWireFormat(AnthropicErrors.Instance, "msg_", "toolu_")
{
    private static ReadOnlySpan<byte> Ping => "event: ping\ndata: {\"type\": \"ping\"}\n\n"u8;

    public override RequestProblem? TryRead(JsonElement body, out ChatTurn? turn) =>
        AnthropicMessagesRequestReader.TryRead(body, requireMaxTokens: true, out turn);

    public override PromptCacheUsage UsePromptCache(JsonElement body, ChatTurn turn, PromptCaches caches) =>
        caches.Anthropic?.UseMessages(body, turn.Model) ?? default;

    public override void WriteWhole(Utf8JsonWriter writer, in ChatReply reply) =>
        AnthropicMessageWire.WriteMessage(writer, reply, whole: true);

    public override async ValueTask<FlushResult> WriteStreamStartAsync(SseStream sse, ChatReply reply, CancellationToken cancellationToken)
    {
        var writer = sse.Begin("message_start"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_start"u8);
        writer.WritePropertyName("message"u8);
        AnthropicMessageWire.WriteMessage(writer, reply, whole: false);
        writer.WriteEndObject();
        await sse.EndAsync(cancellationToken);

        writer = sse.Begin("content_block_start"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "content_block_start"u8);
        writer.WriteNumber("index"u8, 0);
        writer.WritePropertyName("content_block"u8);
        AnthropicMessageWire.WriteContentBlock(writer, reply.Answer, whole: false);
        writer.WriteEndObject();
        await sse.EndAsync(cancellationToken);

        return await sse.WriteRawAsync(Ping, cancellationToken);
    }

    public override void WritePiece(SseStream sse, in ChatReply reply, int index)
    {
        var writer = sse.Begin("content_block_delta"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "content_block_delta"u8);
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        if (reply.Answer.ToolCall is not null)
        {
            writer.WriteString("type"u8, "input_json_delta"u8);
            writer.WriteString("partial_json"u8, reply.Answer.Pieces[index]);
        }
        else
        {
            writer.WriteString("type"u8, "text_delta"u8);
            writer.WriteString("text"u8, reply.Answer.Pieces[index]);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public override async ValueTask<FlushResult> WriteStreamEndAsync(SseStream sse, ChatReply reply, CancellationToken cancellationToken)
    {
        var writer = sse.Begin("content_block_stop"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "content_block_stop"u8);
        writer.WriteNumber("index"u8, 0);
        writer.WriteEndObject();
        await sse.EndAsync(cancellationToken);

        writer = sse.Begin("message_delta"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_delta"u8);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("stop_reason"u8, AnthropicMessageWire.StopReason(reply.Answer));
        writer.WriteNull("stop_sequence"u8);
        writer.WriteEndObject();
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, reply.Cache.UncachedOf(reply.Turn.InputTokens));
        writer.WriteNumber("cache_creation_input_tokens"u8, reply.Cache.WriteTokens);
        writer.WriteNumber("cache_read_input_tokens"u8, reply.Cache.ReadTokens);
        writer.WriteNumber("output_tokens"u8, reply.Answer.OutputTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await sse.EndAsync(cancellationToken);

        writer = sse.Begin("message_stop"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_stop"u8);
        writer.WriteEndObject();
        return await sse.EndAsync(cancellationToken);
    }
}
