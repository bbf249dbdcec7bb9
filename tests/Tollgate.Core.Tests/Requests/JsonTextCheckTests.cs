using System.Text;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

public sealed class JsonTextCheckTests
{
    [Theory]
    [InlineData("""{"a":"plain","b":["caf\u00e9","😀"]}""")]
    [InlineData("""{"a":"\ud83d\ude00 a pair, written as escapes"}""")]
    [InlineData("""{"a":"\\ud800 is an escaped backslash, then text"}""")]
    [InlineData("""{"a":"\"\ud800\udc00\""}""")]
    public void Sound_text_has_no_fault(string json)
    {
        Assert.Null(JsonTextCheck.Find(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"a":"x\ud800"}""", JsonTextFaultKind.NoLowSurrogate, 7)]
    [InlineData("""{"a":"\ud800x"}""", JsonTextFaultKind.NoLowSurrogate, 6)]
    [InlineData("""{"a":"\ud800\n"}""", JsonTextFaultKind.NoLowSurrogate, 6)]
    [InlineData("""{"a":"\ud800\u0041"}""", JsonTextFaultKind.InvalidLowSurrogate, 12)]
    [InlineData("""{"a":"\udc00"}""", JsonTextFaultKind.InvalidHighSurrogate, 6)]
    [InlineData("""{"ok":1,"\uDBFF":2}""", JsonTextFaultKind.NoLowSurrogate, 9)]
    public void An_unpaired_surrogate_escape_is_found_where_it_starts(string json, JsonTextFaultKind kind, long offset)
    {
        Assert.Equal(new JsonTextFault(kind, offset), JsonTextCheck.Find(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_found_where_they_start()
    {
        var json = Encoding.UTF8.GetBytes("""{"a":"ok","b":"x?y"}""");
        json[Array.IndexOf(json, (byte)'?')] = 0xC0;

        Assert.Equal(new JsonTextFault(JsonTextFaultKind.InvalidUtf8, 16), JsonTextCheck.Find(json));
    }

    [Fact]
    public void A_fault_is_described_with_its_line_column_and_character_as_a_strict_parser_does()
    {
        var json = Encoding.UTF8.GetBytes("{\n \"é\": \"\\ud800\"}");
        var fault = JsonTextCheck.Find(json)!.Value;

        // "é" is two bytes and one character: the escape at byte 10 is character 9, the eighth of line 2.
        Assert.Equal(10, fault.Offset);
        Assert.Equal("no low surrogate in string: line 2 column 8 (char 9)", fault.Describe(json));
    }
}
