using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>What the editor copies untouched, and the valid JSON it must get through without a crash.</summary>
public sealed class RequestBodyEditorTests
{
    private static RequestEdits ModelEdit(string model = "b")
    {
        var edits = new RequestEdits();
        edits.SetModel(model, "route");
        return edits;
    }

    [Fact]
    public void Without_edits_the_original_memory_comes_back_uncopied()
    {
        var buffer = Encoding.UTF8.GetBytes("""xx{"model":"a","messages":[]}yy""");
        var body = new ReadOnlyMemory<byte>(buffer, 2, buffer.Length - 4);

        var empty = RequestBodyEditor.Apply(body, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, new RequestEdits());
        var none = RequestBodyEditor.Apply(body, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, null);

        Assert.True(empty.Equals(body));
        Assert.True(none.Equals(body));
    }

    [Fact]
    public void Edits_that_do_not_apply_to_the_operation_leave_the_original_uncopied()
    {
        var edits = new RequestEdits();
        edits.SetMaxOutputTokens(10, "budget");
        edits.AddStopSequence("END", "shape");
        edits.AppendToSystemPrompt("Be brief.", "shape");
        ReadOnlyMemory<byte> embeddings = Encoding.UTF8.GetBytes("""{"model":"text-embedding-3-small","input":"hi"}""");

        Assert.True(RequestBodyEditor.Apply(embeddings, WireProtocol.OpenAI, ExchangeOperation.Embeddings, edits).Equals(embeddings));
        Assert.True(RequestBodyEditor.Apply(ReadOnlyMemory<byte>.Empty, WireProtocol.OpenAI, ExchangeOperation.Models, ModelEdit()).IsEmpty);
    }

    [Fact]
    public void Member_names_written_with_escapes_are_recognised_and_kept_as_written()
    {
        var edits = ModelEdit();
        edits.SetMaxOutputTokens(7, "budget");
        edits.RemoveProperty("user", "privacy");

        var edited = EditedBody.OpenAIChat("""{"\u006dodel":"a","max\u005ftokens":5,"m\u00e9ta":1,"\u0075ser":"u"}""", edits);

        Assert.Equal("""{"\u006dodel":"b","max\u005ftokens":7,"m\u00e9ta":1}""", edited);
    }

    [Fact]
    public void Every_duplicate_of_an_edited_member_is_edited_whichever_one_the_provider_reads()
    {
        Assert.Equal("""{"model":"b","messages":[],"model":"b"}""", EditedBody.OpenAIChat("""{"model":"a","messages":[],"model":"c"}""", ModelEdit()));
    }

    [Fact]
    public void Deeply_nested_members_are_copied_untouched()
    {
        var deep = new string('[', 3000) + new string(']', 3000);

        var edited = EditedBody.OpenAIChat($$"""{"model":"a","deep":{{deep}},"messages":[]}""", ModelEdit());

        Assert.Equal($$"""{"model":"b","deep":{{deep}},"messages":[]}""", edited);
    }

    [Fact]
    public void Text_numbers_escapes_and_whitespace_outside_the_edit_are_copied_byte_for_byte()
    {
        const string tail = "\t,\r\n \"messages\" :[{\"role\":\"user\",\"content\":\"caf\\u00e9 \u2615 \\\"q\\\" \\/ \\ud83d\\ude00 na\u00efve\"}],\"n\":[1.0e+3,-0,0.1E-2],\"\u00fcber\":null } \n";

        var edited = EditedBody.OpenAIChat("{\"model\" : \"a\"" + tail, ModelEdit());

        Assert.Equal("{\"model\" : \"b\"" + tail, edited);
    }

    [Fact]
    public void A_body_whose_root_is_not_an_object_comes_back_unchanged()
    {
        ReadOnlyMemory<byte> body = Encoding.UTF8.GetBytes("""[{"model":"a"}]""");

        Assert.True(RequestBodyEditor.Apply(body, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, ModelEdit()).Equals(body));
    }

    [Fact]
    public void Added_text_with_quotes_control_characters_and_non_ASCII_is_escaped_into_valid_JSON()
    {
        var edits = new RequestEdits();
        edits.SetModel("m\"1", "route");
        edits.AddStopSequence("\u0000\n</é>", "shape");

        var edited = EditedBody.OpenAIChat("""{"model":"a","messages":[]}""", edits);

        Assert.Equal("""{"model":"m\"1","messages":[],"stop":["\u0000\n</é>"]}""", edited);
    }
}
