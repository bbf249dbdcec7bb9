using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Providers.Simulation;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// The OpenAI organization and project a call is billed to are server settings beside the provider key
/// (<c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c>, as the OpenAI SDKs name them): a client's own
/// <c>OpenAI-Organization</c> and <c>OpenAI-Project</c> headers never reach the provider. Read from the simulator's
/// request log, which records the headers it received.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OpenAIOrganizationTests(GatewayFixture fixture)
{
    private const string Chat = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"who pays?"}]}""";

    [Fact]
    public async Task The_configured_organization_and_project_reach_the_provider_instead_of_the_clients()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = { ["OPENAI_ORG_ID"] = "org-operator", ["OPENAI_PROJECT_ID"] = "proj_operator" },
        });

        var upstream = await CallWithClientAccountAsync(gateway);

        Assert.Equal("org-operator", upstream.Headers!["openai-organization"]);
        Assert.Equal("proj_operator", upstream.Headers["openai-project"]);
    }

    [Fact]
    public async Task Without_a_configured_organization_the_clients_is_not_forwarded()
    {
        var upstream = await CallWithClientAccountAsync(fixture.Gateway);

        var names = upstream.Headers!["names"].Split(',');
        Assert.DoesNotContain("openai-organization", names);
        Assert.DoesNotContain("openai-project", names);
    }

    [Fact]
    public async Task An_anthropic_organization_setting_stops_the_start()
    {
        using var data = new TemporaryDirectory();
        var environment = new Dictionary<string, string?>
        {
            ["ANTHROPIC_BASE_URL"] = fixture.Simulator.AnthropicBaseUrl,
            ["ANTHROPIC_API_KEY"] = GatewayServer.AnthropicProviderKey,
            ["Tollgate__Anthropic__Organization"] = "org-nothing",
        };

        var (exitCode, output) = await TollgateProcess.RunAsync(
            ["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data-dir", data.Path],
            environment,
            TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 2, $"exit code {exitCode}. Output:\n{output}");
        Assert.Contains("tollgate: Anthropic:Organization and Anthropic:Project do not exist", output, StringComparison.Ordinal);
        Wire.AssertNoStackTrace(output);
    }

    private async Task<SimulatedRequest> CallWithClientAccountAsync(GatewayServer gateway)
    {
        using var request = Wire.Post("v1/chat/completions", Chat);
        request.Headers.Add("OpenAI-Organization", "org-client-choice");
        request.Headers.Add("OpenAI-Project", "proj_client_choice");

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        return await fixture.Simulator.WaitForRequestAsync(Wire.Header(response, "x-tollgate-request-id"));
    }
}
