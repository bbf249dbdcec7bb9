using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

public sealed class RequestReaderTests
{
    private static RequestReadResult Read(string json, WireProtocol protocol = WireProtocol.OpenAI, ExchangeOperation operation = ExchangeOperation.ChatCompletions) =>
        RequestReader.Read(Encoding.UTF8.GetBytes(json), protocol, operation);

    [Fact]
    public void Reads_model_stream_limits_and_user_from_an_openai_chat_request()
    {
        var result = Read("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true,"max_completion_tokens":64,"user":"u-1","temperature":0,"tools":[]}""");

        Assert.Null(result.Error);
        Assert.Equal("gpt-4o-mini", result.Facts.Model);
        Assert.True(result.Facts.Stream);
        Assert.Equal(64, result.Facts.MaxTokens);
        Assert.Equal("u-1", result.Facts.User);
        Assert.Equal(0, result.Facts.Temperature);
        Assert.True(result.Facts.HasTools);
        Assert.False(result.Facts.ClientIncludesUsage);
    }

    [Fact]
    public void Reads_the_anthropic_user_from_metadata()
    {
        var result = Read("""{"model":"claude-sonnet-4-5","max_tokens":10,"metadata":{"user_id":"alice"},"messages":[{"role":"user","content":"hi"}]}""", WireProtocol.Anthropic, ExchangeOperation.Messages);

        Assert.Null(result.Error);
        Assert.Equal("alice", result.Facts.User);
        Assert.Equal(10, result.Facts.MaxTokens);
    }

    [Fact]
    public void Sees_the_clients_own_include_usage()
    {
        var result = Read("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_usage":true}}""");

        Assert.True(result.Facts.ClientIncludesUsage);
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("[1,2]", null)]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]} trailing", null)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model")]
    [InlineData("{\"model\":42,\"messages\":[]}", "model")]
    [InlineData("{\"model\":\"m\"}", "messages")]
    [InlineData("{\"model\":\"m\",\"messages\":[]}", "messages")]
    [InlineData("{\"model\":\"m\",\"messages\":\"hello\"}", "messages")]
    [InlineData("{\"model\":\"m\",\"messages\":[\"hello\"]}", "messages")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", "stream")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"ten\"}", "max_tokens")]
    public void Rejects_bodies_the_provider_would_reject_for_shape(string json, string? param)
    {
        var result = Read(json);

        Assert.NotNull(result.Error);
        Assert.Equal(param, result.Param);
    }

    [Fact]
    public void Rejects_an_empty_body()
    {
        Assert.NotNull(RequestReader.Read([], WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Error);
    }

    [Fact]
    public void Requires_max_tokens_on_anthropic_messages()
    {
        var result = Read("""{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"hi"}]}""", WireProtocol.Anthropic, ExchangeOperation.Messages);

        Assert.Equal("max_tokens", result.Param);
    }

    [Fact]
    public void Requires_input_on_embeddings()
    {
        Assert.Equal("input", Read("""{"model":"text-embedding-3-small"}""", operation: ExchangeOperation.Embeddings).Param);
        Assert.Null(Read("""{"model":"text-embedding-3-small","input":["a","b"]}""", operation: ExchangeOperation.Embeddings).Error);
    }

    [Fact]
    public void Ignores_unknown_fields_of_any_shape()
    {
        var result = Read("""{"vendor_extension":{"deep":[1,{"x":null}]},"model":"m","messages":[{"role":"user","content":"x","extra":true}],"seed":7}""");

        Assert.Null(result.Error);
        Assert.Equal("m", result.Facts.Model);
    }
}
