using System.Text;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

public sealed class StreamOptionsRewriterTests
{
    private static JsonElement Rewrite(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var facts = RequestReader.Read(body, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts;
        Assert.True(StreamOptionsRewriter.NeedsUsage(facts));
        return JsonDocument.Parse(StreamOptionsRewriter.WithUsage(body, facts)).RootElement;
    }

    [Fact]
    public void Adds_stream_options_when_the_client_sent_none()
    {
        var root = Rewrite("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"x_vendor":{"a":1}}""");

        Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(1, root.GetProperty("x_vendor").GetProperty("a").GetInt32());
        Assert.Equal("x", root.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Keeps_the_clients_other_stream_options()
    {
        var root = Rewrite("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_obfuscation":false,"include_usage":false}}""");

        var options = root.GetProperty("stream_options");
        Assert.True(options.GetProperty("include_usage").GetBoolean());
        Assert.False(options.GetProperty("include_obfuscation").GetBoolean());
    }

    [Fact]
    public void Replaces_a_null_stream_options()
    {
        var root = Rewrite("""{"model":"m","stream_options":null,"messages":[{"role":"user","content":"x"}],"stream":true}""");

        Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public void Leaves_a_request_that_already_asks_for_usage_alone()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_usage":true}}""");
        var facts = RequestReader.Read(body, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts;

        Assert.False(StreamOptionsRewriter.NeedsUsage(facts));
    }
}
