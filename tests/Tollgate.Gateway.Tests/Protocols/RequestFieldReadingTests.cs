using System.Text;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

/// <summary>Fields the request reader must read exactly, and shapes it must accept or refuse, beyond the common cases.</summary>
public sealed class RequestFieldReadingTests
{
    private const string Messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static RequestReadResult Read(string json, WireProtocol protocol = WireProtocol.OpenAI, ExchangeOperation operation = ExchangeOperation.ChatCompletions) =>
        RequestReader.Read(Encoding.UTF8.GetBytes(json), protocol, operation);

    [Fact]
    public void A_request_that_sets_nothing_optional_reads_as_a_plain_call()
    {
        var result = Read("{\"model\":\"gpt-4o-mini\"," + Messages + "}");

        Assert.Null(result.Error);
        Assert.False(result.Facts.Stream);
        Assert.False(result.Facts.HasTools);
        Assert.False(result.Facts.ClientIncludesUsage);
        Assert.Null(result.Facts.MaxTokens);
        Assert.Null(result.Facts.Temperature);
        Assert.Null(result.Facts.User);
    }

    [Fact]
    public void Stream_on_an_embeddings_request_is_not_a_stream()
    {
        var result = Read("""{"model":"text-embedding-3-small","input":"hi","stream":true}""", operation: ExchangeOperation.Embeddings);

        Assert.Null(result.Error);
        Assert.False(result.Facts.Stream);
    }

    [Fact]
    public void The_openai_user_is_kept_when_other_fields_follow_it()
    {
        var result = Read("{\"model\":\"m\"," + Messages + ",\"user\":\"u-1\",\"seed\":7,\"n\":1}");

        Assert.Equal("u-1", result.Facts.User);
    }

    [Fact]
    public void A_user_that_is_not_a_string_is_ignored_and_the_rest_of_the_body_is_read()
    {
        var result = Read("{\"user\":{\"id\":\"u-1\"},\"model\":\"m\"," + Messages + "}");

        Assert.Null(result.Error);
        Assert.Null(result.Facts.User);
        Assert.Equal("m", result.Facts.Model);
    }

    [Fact]
    public void Openai_metadata_does_not_name_the_user()
    {
        var result = Read("{\"model\":\"m\"," + Messages + ",\"metadata\":{\"user_id\":\"alice\"}}");

        Assert.Null(result.Facts.User);
    }

    [Theory]
    [InlineData("{\"user_id\":\"alice\",\"plan\":\"pro\"}", "alice")]
    [InlineData("{\"tags\":{\"team\":\"search\"},\"user_id\":\"alice\"}", "alice")]
    [InlineData("{\"user_id\":7}", null)]
    public void The_anthropic_user_is_metadata_user_id_and_nothing_else(string metadata, string? user)
    {
        var result = Read("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"metadata\":" + metadata + "," + Messages + "}", WireProtocol.Anthropic, ExchangeOperation.Messages);

        Assert.Null(result.Error);
        Assert.Equal(user, result.Facts.User);
    }

    [Fact]
    public void The_clients_include_usage_is_seen_after_a_nested_stream_option()
    {
        var result = Read("{\"model\":\"m\"," + Messages + ",\"stream\":true,\"stream_options\":{\"extra\":{\"a\":[1]},\"include_usage\":true}}");

        Assert.True(result.Facts.ClientIncludesUsage);
    }

    [Theory]
    [InlineData(",\"stream_options\":true", "stream_options")]
    [InlineData(",\"temperature\":\"hot\"", "temperature")]
    public void Mistyped_options_are_refused_naming_the_field(string field, string param)
    {
        var result = Read("{\"model\":\"m\"," + Messages + field + "}");

        Assert.NotNull(result.Error);
        Assert.Equal(param, result.Param);
    }

    [Fact]
    public void A_null_temperature_is_accepted()
    {
        var result = Read("{\"model\":\"m\"," + Messages + ",\"temperature\":null}");

        Assert.Null(result.Error);
        Assert.Null(result.Facts.Temperature);
    }

    [Fact]
    public void A_tool_schema_nested_deeper_than_the_json_default_limit_is_accepted()
    {
        // System.Text.Json stops at 64 levels by default; JSON schemas of tools and response formats can go deeper.
        var schema = string.Concat(Enumerable.Repeat("{\"type\":\"object\",\"properties\":{\"x\":", 50)) + "{\"type\":\"string\"}" + new string('}', 100);
        var result = Read("{\"model\":\"m\"," + Messages + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + schema + "}}]}");

        Assert.Null(result.Error);
        Assert.True(result.Facts.HasTools);
    }
}
