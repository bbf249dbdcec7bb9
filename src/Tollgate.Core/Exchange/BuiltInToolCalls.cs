using System.Globalization;
using System.Text;

namespace Tollgate.Core.Exchange;

/// <summary>
/// The calls of built-in tools a Responses API answer reports as output items (<c>web_search_call</c>,
/// <c>file_search_call</c>, <c>code_interpreter_call</c>, <c>image_generation_call</c>): the provider bills each per
/// call, on top of the tokens. Anthropic's server-side web searches (<c>usage.server_tool_use.web_search_requests</c>)
/// are counted as <see cref="WebSearch"/>.
/// </summary>
/// <param name="WebSearch">Output items of type <c>web_search_call</c>.</param>
/// <param name="FileSearch">Output items of type <c>file_search_call</c>.</param>
/// <param name="CodeInterpreter">Output items of type <c>code_interpreter_call</c>.</param>
/// <param name="ImageGeneration">Output items of type <c>image_generation_call</c>.</param>
public readonly record struct BuiltInToolCalls(int WebSearch, int FileSearch, int CodeInterpreter, int ImageGeneration)
{
    /// <summary>Every built-in tool call counted.</summary>
    public int Total => WebSearch + FileSearch + CodeInterpreter + ImageGeneration;

    /// <summary>The calls of one kind (a <see cref="BuiltInToolKinds"/> name); 0 for a kind not counted.</summary>
    public int Count(string kind) => kind switch
    {
        BuiltInToolKinds.WebSearch => WebSearch,
        BuiltInToolKinds.FileSearch => FileSearch,
        BuiltInToolKinds.CodeInterpreter => CodeInterpreter,
        BuiltInToolKinds.ImageGeneration => ImageGeneration,
        _ => 0,
    };

    /// <summary>These calls with <paramref name="count"/> calls of <paramref name="kind"/> (a <see cref="BuiltInToolKinds"/> name).</summary>
    public BuiltInToolCalls With(string kind, int count) => kind switch
    {
        BuiltInToolKinds.WebSearch => this with { WebSearch = count },
        BuiltInToolKinds.FileSearch => this with { FileSearch = count },
        BuiltInToolKinds.CodeInterpreter => this with { CodeInterpreter = count },
        BuiltInToolKinds.ImageGeneration => this with { ImageGeneration = count },
        _ => this,
    };

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
