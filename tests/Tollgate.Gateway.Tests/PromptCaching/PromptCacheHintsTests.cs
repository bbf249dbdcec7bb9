using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Core.PromptCaching;
using Tollgate.Gateway.PromptCaching;

namespace Tollgate.Gateway.Tests.PromptCaching;

/// <summary>Which Anthropic breakpoints the gateway places for a prompt's layout and a model's minimum cacheable length.</summary>
public sealed class PromptCacheHintsTests
{
    private static PromptLayout Layout(int toolsBytes, int systemBytes, int turnBytes)
    {
        var tools = toolsBytes == 0 ? "" : $$"""{"tools":[{"name":"{{new string('t', toolsBytes)}}"}],""";
        var json = (tools.Length == 0 ? "{" : tools)
            + $$"""
            "system":"{{new string('s', systemBytes)}}","messages":[{"role":"user","content":"{{new string('u', turnBytes)}}"},{"role":"assistant","content":"a"},{"role":"user","content":"q"}]}
            """;
        return PromptLayout.Read(Encoding.UTF8.GetBytes(json), WireProtocol.Anthropic, ExchangeOperation.Messages);
    }

    [Fact]
    public void Each_breakpoint_goes_only_where_its_prefix_reaches_the_minimum()
    {
        const long Minimum = 1024;
        var bytes = (int)Minimum * PromptCacheHints.BytesPerToken;

        Assert.Equal(new(true, true, 1), PromptCacheHints.Breakpoints(Layout(bytes, 10, 10), Minimum));
        Assert.Equal(new(false, true, 1), PromptCacheHints.Breakpoints(Layout(100, bytes, 10), Minimum));
        Assert.Equal(new(false, false, 1), PromptCacheHints.Breakpoints(Layout(100, 100, bytes), Minimum));
        Assert.Equal(0, PromptCacheHints.Breakpoints(Layout(100, 100, 100), Minimum).Count);
        Assert.Equal(0, PromptCacheHints.Breakpoints(Layout(bytes, 10, 10), 4096).Count);
    }

    [Fact]
    public void The_key_is_the_feature_behind_the_prefix_as_a_json_string()
    {
        Assert.Equal("\"tollgate:support \\\"eu\\\"\"", Encoding.UTF8.GetString(PromptCacheHints.Key("support \"eu\"")));
    }
}
