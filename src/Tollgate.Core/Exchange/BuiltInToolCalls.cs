using System.Globalization;
using System.Text;

namespace Tollgate.Core.Exchange;

/// <summary>
/// The calls of built-in tools a Responses API answer reports as output items (<c>web_search_call</c>,
/// <c>file_search_call</c>, <c>code_interpreter_call</c>, <c>image_generation_call</c>): the provider bills each per
/// call, on top of the tokens.
/// </summary>
/// <param name="WebSearch">Output items of type <c>web_search_call</c>.</param>
/// <param name="FileSearch">Output items of type <c>file_search_call</c>.</param>
/// <param name="CodeInterpreter">Output items of type <c>code_interpreter_call</c>.</param>
/// <param name="ImageGeneration">Output items of type <c>image_generation_call</c>.</param>
public readonly record struct BuiltInToolCalls(int WebSearch, int FileSearch, int CodeInterpreter, int ImageGeneration)
{
    /// <summary>Every built-in tool call counted.</summary>
    public int Total => WebSearch + FileSearch + CodeInterpreter + ImageGeneration;

    /// <summary>The calls as a ledger remark lists them: <c>2 web_search_call, 1 file_search_call</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text, WebSearch, "web_search_call");
        Append(text, FileSearch, "file_search_call");
        Append(text, CodeInterpreter, "code_interpreter_call");
        Append(text, ImageGeneration, "image_generation_call");
        return text.ToString();
    }

    private static void Append(StringBuilder text, int count, string type)
    {
        if (count > 0)
        {
            text.Append(text.Length == 0 ? string.Empty : ", ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(type);
        }
    }
}
