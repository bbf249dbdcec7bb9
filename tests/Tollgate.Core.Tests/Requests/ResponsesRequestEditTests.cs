using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>
/// The edits of a Responses API body: the output limit is <c>max_output_tokens</c>, the system-prompt addition goes to
/// <c>instructions</c>, and stop sequences, which the API does not have, are never written.
/// </summary>
public sealed class ResponsesRequestEditTests
{
    [Fact]
    public void The_output_limit_replaces_max_output_tokens_in_place()
    {
        var edits = new RequestEdits();
        edits.SetMaxOutputTokens(64, "output-cap");

        var edited = Responses("""{"model":"m","max_output_tokens":4000,"input":"hi"}""", edits);

        Assert.Equal("""{"model":"m","max_output_tokens":64,"input":"hi"}""", edited);
    }

    [Fact]
    public void The_output_limit_is_added_as_max_output_tokens_and_never_as_a_chat_name()
    {
        var edits = new RequestEdits();
        edits.SetMaxOutputTokens(64, "output-cap", addAsMaxTokens: true);

        var edited = Responses("""{"model":"m","input":"hi","max_tokens":9}""", edits);

        Assert.Equal("""{"model":"m","input":"hi","max_tokens":9,"max_output_tokens":64}""", edited);
    }

    [Fact]
    public void The_system_addition_is_appended_to_the_instructions_after_a_blank_line()
    {
        var edits = new RequestEdits();
        edits.AppendToSystemPrompt("Be brief.", "output-policy");

        Assert.Equal("""{"model":"m","instructions":"You help.\n\nBe brief.","input":"hi"}""", Responses("""{"model":"m","instructions":"You help.","input":"hi"}""", edits));
        Assert.Equal("""{"model":"m","input":"hi","instructions":"Be brief."}""", Responses("""{"model":"m","input":"hi"}""", edits));
        Assert.Equal("""{"model":"m","instructions":"Be brief.","input":"hi"}""", Responses("""{"model":"m","instructions":null,"input":"hi"}""", edits));
    }

    [Fact]
    public void Instructions_given_as_items_and_stop_sequences_are_left_alone()
    {
        var edits = new RequestEdits();
        edits.AppendToSystemPrompt("Be brief.", "output-policy");
        edits.AddStopSequence("###", "output-policy");
        const string Body = """{"model":"m","instructions":[{"role":"developer","content":"You help."}],"input":"hi"}""";

        Assert.Equal(Body, Responses(Body, edits));
    }

    [Fact]
    public void A_chat_request_gets_max_tokens_when_asked_and_max_completion_tokens_otherwise()
    {
        var legacy = new RequestEdits();
        legacy.SetMaxOutputTokens(8, "output-cap", addAsMaxTokens: true);
        var reasoning = new RequestEdits();
        reasoning.SetMaxOutputTokens(8, "output-cap", addAsMaxTokens: false);
        const string Body = """{"model":"m","messages":[]}""";

        Assert.Equal("""{"model":"m","messages":[],"max_tokens":8}""", EditedBody.OpenAIChat(Body, legacy));
        Assert.Equal("""{"model":"m","messages":[],"max_completion_tokens":8}""", EditedBody.OpenAIChat(Body, reasoning));
        Assert.Equal("""{"model":"m","max_completion_tokens":8,"messages":[]}""", EditedBody.OpenAIChat("""{"model":"m","max_completion_tokens":90,"messages":[]}""", legacy));
    }

    private static string Responses(string json, RequestEdits edits) => EditedBody.Apply(json, WireProtocol.OpenAI, ExchangeOperation.Responses, edits);
}
