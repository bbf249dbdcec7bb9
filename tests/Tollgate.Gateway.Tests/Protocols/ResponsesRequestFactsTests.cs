using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

/// <summary>
/// The stateful fields of a Responses API body, read into the request facts the levers rely on (a cache key that must
/// include <c>previous_response_id</c>, a request naming a <c>conversation</c> or asking for <c>background</c> that must
/// never be cached, the owner check of a continued response).
/// </summary>
public sealed class ResponsesRequestFactsTests
{
    private static RequestFacts Read(string json)
    {
        var result = RequestReader.Read(Encoding.UTF8.GetBytes(json), WireProtocol.OpenAI, ExchangeOperation.Responses);
        Assert.Null(result.Error);
        return result.Facts;
    }

    [Fact]
    public void A_plain_request_continues_nothing_and_is_stored_as_the_provider_does_by_default()
    {
        var facts = Read("""{"model":"gpt-5-mini","input":"hi"}""");

        Assert.Equal("gpt-5-mini", facts.Model);
        Assert.Null(facts.PreviousResponseId);
        Assert.False(facts.Conversation);
        Assert.False(facts.Background);
        Assert.True(facts.Store);
        Assert.False(facts.Stream);
        Assert.Null(facts.MaxTokens);
    }

    [Fact]
    public void The_stateful_fields_are_read_wherever_they_stand()
    {
        var facts = Read("""{"previous_response_id":"resp_abc123","background":true,"store":false,"model":"gpt-5-mini","input":[{"role":"user","content":"hi"}],"stream":true,"max_output_tokens":256,"tools":[{"type":"web_search"}]}""");

        Assert.Equal("resp_abc123", facts.PreviousResponseId);
        Assert.True(facts.Background);
        Assert.False(facts.Store);
        Assert.True(facts.Stream);
        Assert.Equal(256, facts.MaxTokens);
        Assert.True(facts.HasTools);
    }

    [Theory]
    [InlineData("""{"model":"gpt-5-mini","conversation":"conv_689667905b048191"}""")]
    [InlineData("""{"model":"gpt-5-mini","conversation":{"id":"conv_689667905b048191"},"input":"hi"}""")]
    public void A_conversation_named_by_id_or_object_is_recorded(string json)
    {
        Assert.True(Read(json).Conversation);
    }

    [Fact]
    public void A_null_conversation_or_previous_response_id_names_nothing()
    {
        var facts = Read("""{"model":"gpt-5-mini","input":"hi","conversation":null,"previous_response_id":null,"background":null,"store":null}""");

        Assert.False(facts.Conversation);
        Assert.Null(facts.PreviousResponseId);
        Assert.False(facts.Background);
        Assert.True(facts.Store);
    }

    [Fact]
    public void The_stateful_fields_of_a_chat_body_are_not_read_as_responses_ones()
    {
        var result = RequestReader.Read(
            Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"store":false,"background":"yes"}"""),
            WireProtocol.OpenAI,
            ExchangeOperation.ChatCompletions);

        Assert.Null(result.Error);
        Assert.True(result.Facts.Store);
        Assert.False(result.Facts.Background);
    }
}
