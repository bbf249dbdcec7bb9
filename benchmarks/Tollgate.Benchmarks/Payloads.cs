using System.Text;

namespace Tollgate.Benchmarks;

/// <summary>
/// Request and response bodies shaped as the simulated provider (and the real ones) produce them: a short chat
/// turn, a long conversation with tools, whole responses and complete SSE streams.
/// </summary>
public static class Payloads
{
    public static readonly byte[] SmallChatRequest = Utf8(
        """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":64}""");

    public static readonly byte[] StreamChatRequest = Utf8(
        """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":64,"stream":true}""");

    public static readonly byte[] StreamChatRequestWithOptions = Utf8(
        """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":64,"stream":true,"stream_options":{"include_obfuscation":false}}""");

    public static readonly byte[] LargeChatRequest = Utf8(BuildLargeChatRequest());

    /// <summary>The short chat turn at temperature 0.7: the response cache may not answer it (its default policy is deterministic requests only).</summary>
    public static readonly byte[] SampledChatRequest = Utf8(
        """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":64,"temperature":0.7}""");

    /// <summary>The short chat turn at temperature 0: cacheable.</summary>
    public static readonly byte[] DeterministicChatRequest = Utf8(
        """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":64,"temperature":0}""");

    /// <summary>A short chat completion (661 B), the size of a typical cached answer.</summary>
    public static readonly byte[] ShortChatCompletionResponse = Utf8(
        """{"id":"chatcmpl-7b1f0c9e2d4a6f83","object":"chat.completion","created":1795442497,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! I hope your day is going well and that everything you planned is working out.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":19,"total_tokens":33,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_34a54ae93c"}""");

    public static readonly byte[] AnthropicRequest = Utf8(
        """{"model":"claude-3-5-haiku-latest","max_tokens":256,"system":"You are terse.","metadata":{"user_id":"u-42"},"messages":[{"role":"user","content":[{"type":"text","text":"Summarise the plan in two lines."}]}]}""");

    public static readonly byte[] ChatCompletionResponse = Utf8(
        """{"id":"chatcmpl-60e409228418dbcb","object":"chat.completion","created":1795442497,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"The example below shows the idea in a few lines. There are two reasonable options, and the better one depends on how often the data changes. The numbers add up once the cached and uncached parts are counted separately. The main point is that small, steady steps usually work better than one large change.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":61,"total_tokens":75,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_simulated"}""");

    public static readonly byte[] AnthropicMessageResponse = Utf8(
        """{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022","content":[{"type":"text","text":"The plan ships the ledger first, then the cache. Budgets follow once the ledger is trusted."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":24,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":23,"service_tier":"standard"}}""");

    public static readonly byte[] UsageChunk = Utf8(
        """{"id":"chatcmpl-60e409228418dbcb","object":"chat.completion.chunk","created":1795442497,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_simulated","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":61,"total_tokens":75,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}""");

    /// <summary>
    /// The same short answer as the provider streams it when asked for usage (as the gateway asks): a chunk with the role,
    /// one per word, one with the finish reason, the usage chunk and <c>[DONE]</c>.
    /// </summary>
    public static readonly byte[] ShortChatCompletionStream = Utf8(BuildShortChatCompletionStream());

    private static readonly string[] Words = "The example below shows the idea in a few lines . There are two reasonable options , and the better one depends on how often the data changes . The numbers add up once the cached and uncached parts are counted separately .".Split(' ');

    /// <summary>An OpenAI chat stream with <c>include_usage</c>: a role chunk, one chunk per word, a finish chunk, the usage chunk and <c>[DONE]</c>.</summary>
    public static readonly byte[] OpenAIStream = Utf8(BuildOpenAIStream());

    /// <summary>An Anthropic messages stream: <c>message_start</c>, a text block with one delta per word, <c>message_delta</c>, <c>message_stop</c>.</summary>
    public static readonly byte[] AnthropicStream = Utf8(BuildAnthropicStream());

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string BuildLargeChatRequest()
    {
        var text = new StringBuilder();
        text.Append("""{"model":"gpt-4o-2024-08-06","temperature":0,"user":"user-1234","max_completion_tokens":512,"messages":[""");
        text.Append("""{"role":"system","content":"You are a support assistant for an online shop. Answer in the customer's language, cite the order number, and never promise refunds the policy does not allow."}""");
        for (var turn = 0; turn < 20; turn++)
        {
            text.Append(turn % 2 == 0 ? ",{\"role\":\"user\",\"content\":\"" : ",{\"role\":\"assistant\",\"content\":\"");
            text.Append("Order 10").Append(turn).Append(" arrived late and one item was missing; the tracking page still says in transit and the invoice lists three items although the parcel held two. ");
            text.Append("\"}");
        }

        text.Append("""],"tools":[{"type":"function","function":{"name":"lookup_order","description":"Find an order by number","parameters":{"type":"object","properties":{"order":{"type":"string"}},"required":["order"]}}}]}""");
        return text.ToString();
    }

    private static string BuildOpenAIStream()
    {
        const string head = "data: {\"id\":\"chatcmpl-60e409228418dbcb\",\"object\":\"chat.completion.chunk\",\"created\":1795442497,\"model\":\"gpt-4o-mini\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_simulated\",\"choices\":[";
        var text = new StringBuilder();
        text.Append(head).Append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        for (var i = 0; i < Words.Length; i++)
        {
            var word = i == 0 ? Words[i] : " " + Words[i];
            text.Append(head).Append("{\"index\":0,\"delta\":{\"content\":\"").Append(word).Append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }

        text.Append(head).Append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        text.Append("data: ").Append(Encoding.UTF8.GetString(UsageChunk)).Append("\n\n");
        text.Append("data: [DONE]\n\n");
        return text.ToString();
    }

    private static string BuildShortChatCompletionStream()
    {
        const string head = "data: {\"id\":\"chatcmpl-7b1f0c9e2d4a6f83\",\"object\":\"chat.completion.chunk\",\"created\":1795442497,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_34a54ae93c\",\"choices\":[";
        var words = "Hello! I hope your day is going well and that everything you planned is working out.".Split(' ');
        var text = new StringBuilder();
        text.Append(head).Append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        for (var i = 0; i < words.Length; i++)
        {
            var word = i == 0 ? words[i] : " " + words[i];
            text.Append(head).Append("{\"index\":0,\"delta\":{\"content\":\"").Append(word).Append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }

        text.Append(head).Append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        text.Append(head.Replace("\"choices\":[", "\"choices\":[],\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":19,\"total_tokens\":33,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}", StringComparison.Ordinal)).Append("\n\n");
        text.Append("data: [DONE]\n\n");
        return text.ToString();
    }

    private static string BuildAnthropicStream()
    {
        var text = new StringBuilder();
        text.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":24,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}\n\n");
        text.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        text.Append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (var i = 0; i < Words.Length; i++)
        {
            var word = i == 0 ? Words[i] : " " + Words[i];
            text.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"").Append(word).Append("\"}}\n\n");
        }

        text.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        text.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":45}}\n\n");
        text.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return text.ToString();
    }
}
