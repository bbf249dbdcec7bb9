using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Exchange;
using Tollgate.Core.PromptCaching;
using Tollgate.Gateway.PromptCaching;

namespace Tollgate.Gateway.Tests.PromptCaching;

/// <summary>When consecutive prompts of a feature count as diverging inside their stable part, and what a finding shows.</summary>
public sealed class PrefixStabilityTests
{
    private static readonly string Rules = string.Concat(Enumerable.Repeat("Answer from the price list only. ", 120));

    private readonly PrefixStability _stability = new(new FakeTimeProvider());

    private void Observe(string feature, string system, string? promptVersion = null, string tools = "")
    {
        var json = $$"""{"model":"claude-sonnet-4-5",{{(tools.Length == 0 ? "" : "\"tools\":[{\"name\":\"" + tools + "\"}],")}}"system":"{{system}}","messages":[{"role":"user","content":"q"}]}""";
        var body = Encoding.UTF8.GetBytes(json);
        _stability.Observe(feature, "claude-sonnet-4-5", promptVersion, body, PromptLayout.Read(body, WireProtocol.Anthropic, ExchangeOperation.Messages));
    }

    [Fact]
    public void A_user_id_early_in_the_system_prompt_is_found_once_two_pairs_diverged_and_masked_in_the_excerpt()
    {
        Observe("support", "Customer u-1001. " + Rules);
        Observe("support", "Customer u-2002. " + Rules);
        Assert.Empty(_stability.Findings("support"));

        Observe("support", "Customer u-3003. " + Rules);
        var finding = Assert.Single(_stability.Findings(null));

        Assert.Equal(("support", "system", "\"Customer u-".Length), (finding.Feature, finding.Section, finding.Offset));
        Assert.Equal((2L, 2L), (finding.Divergences, finding.Comparisons));
        Assert.Equal("\"Customer u-####. Answer from the pr…", finding.Previous);
        Assert.Equal("\"Customer u-####. Answer from the pr…", finding.Current);
    }

    [Fact]
    public void Identical_or_only_growing_prompts_and_a_new_prompt_version_are_no_divergence()
    {
        Observe("steady", Rules);
        Observe("steady", Rules);
        Observe("steady", Rules + "One more rule.");
        Observe("steady", "Version two. " + Rules, promptVersion: "v2");
        Observe("steady", "Version two. " + Rules, promptVersion: "v2");

        Assert.Empty(_stability.Findings("steady"));
    }

    [Fact]
    public void A_stable_part_too_short_to_cache_is_not_reported()
    {
        for (var i = 0; i < 4; i++)
        {
            Observe("short", $"Call {i}. Be brief.");
        }

        Assert.Empty(_stability.Findings("short"));
    }

    [Fact]
    public void A_divergence_in_the_tools_is_placed_there_and_counted_from_their_start()
    {
        for (var i = 0; i < 3; i++)
        {
            Observe("tooled", Rules, tools: "lookup_" + i);
        }

        var finding = Assert.Single(_stability.Findings("tooled"));
        Assert.Equal(("tools", "[{\"name\":\"lookup_".Length), (finding.Section, finding.Offset));
        Assert.Empty(_stability.Findings("other"));
    }
}
