using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>
/// The gateway's byte splice for <c>stream_options.include_usage</c> on the same inputs: every expected body is
/// the exact output of the splice today, so moving to edits changes nothing a provider receives.
/// </summary>
public sealed class StreamUsageEditTests
{
    private static string WithUsage(string json)
    {
        var edits = new RequestEdits();
        edits.IncludeStreamUsage("usage");
        return EditedBody.OpenAIChat(json, edits);
    }

    [Fact]
    public void Adds_stream_options_when_the_client_sent_none()
    {
        Assert.Equal(
            """{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"x_vendor":{"a":1},"stream_options":{"include_usage":true}}""",
            WithUsage("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"x_vendor":{"a":1}}"""));
    }

    [Fact]
    public void Keeps_the_clients_other_stream_options()
    {
        Assert.Equal(
            """{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_obfuscation":false,"include_usage":true}}""",
            WithUsage("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_obfuscation":false,"include_usage":false}}"""));
    }

    [Fact]
    public void Replaces_a_null_stream_options()
    {
        Assert.Equal(
            """{"model":"m","stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}],"stream":true}""",
            WithUsage("""{"model":"m","stream_options":null,"messages":[{"role":"user","content":"x"}],"stream":true}"""));
    }

    [Theory]
    [InlineData("""{"include_usage":false,"include_obfuscation":false}""", """{"include_obfuscation":false,"include_usage":true}""")]
    [InlineData("""{"include_usage":false}""", """{"include_usage":true}""")]
    [InlineData("""{}""", """{"include_usage":true}""")]
    [InlineData("""{"a":{"b":[1,{"c":null}]},"include_usage":false,"d":"e"}""", """{"a":{"b":[1,{"c":null}]},"d":"e","include_usage":true}""")]
    public void Moves_include_usage_to_the_end_of_the_options_as_the_splice_does(string options, string expected)
    {
        Assert.Equal($$"""{"model":"m","stream":true,"stream_options":{{expected}}}""", WithUsage($$"""{"model":"m","stream":true,"stream_options":{{options}}}"""));
    }

    [Fact]
    public void Inserts_before_the_closing_brace_after_any_whitespace_as_the_splice_does()
    {
        Assert.Equal("{\"model\":\"m\",\"stream\":true \n,\"stream_options\":{\"include_usage\":true}}", WithUsage("{\"model\":\"m\",\"stream\":true \n}"));
    }

    [Fact]
    public void Keeps_the_whitespace_between_the_clients_other_options()
    {
        // The splice compacted the options object; the edit leaves the client's layout alone.
        Assert.Equal(
            """{"model":"m","stream_options": { "x" : 1 ,"include_usage":true}}""",
            WithUsage("""{"model":"m","stream_options": { "include_usage" : false , "x" : 1 }}"""));
    }
}
