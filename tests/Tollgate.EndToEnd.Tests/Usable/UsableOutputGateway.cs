using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Usable;

/// <summary>
/// A gateway that requires virtual keys, for cost per usable output: two keys of team <c>core</c>, one of team
/// <c>other</c>, each leaving the feature open, the feature <c>labels</c> declaring the JSON Schema its answers must
/// meet (<c>{"label": string}</c>), and the features <c>no-retries</c> and <c>two-retries</c> asking again 0 and 2 times
/// for an answer that fails its schema (<c>Output:ValidationRetries</c>; the others, once).
/// </summary>
public sealed class UsableOutputGateway : IAsyncLifetime
{
    public const string AdminKey = "admin-secret-for-usable-outputs";

    public const string LabelSchema = """{"type": "object", "properties": {"label": {"type": "string"}}, "required": ["label"], "additionalProperties": false}""";

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    /// <summary>Key <c>writer</c> of team <c>core</c>.</summary>
    public string Writer { get; private set; } = null!;

    /// <summary>Key <c>reviewer</c>, also of team <c>core</c>.</summary>
    public string Reviewer { get; private set; } = null!;

    /// <summary>Key <c>outsider</c> of team <c>other</c>.</summary>
    public string Outsider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync("--record-headers");
        Gateway = await GatewayServer.StartAsync(Simulator, new GatewayServerOptions
        {
            AdminKey = AdminKey,
            Environment =
            {
                ["Tollgate__Features__labels__OutputSchema"] = LabelSchema,
                ["Tollgate__Features__no-retries__Output__ValidationRetries"] = "0",
                ["Tollgate__Features__two-retries__Output__ValidationRetries"] = "2",
            },
        });
        Writer = await Gateway.CreateKeyAsync("writer", team: "core", openAttribution: ["feature"]);
        Reviewer = await Gateway.CreateKeyAsync("reviewer", team: "core", openAttribution: ["feature"]);
        Outsider = await Gateway.CreateKeyAsync("outsider", team: "other", openAttribution: ["feature"]);
    }

    /// <summary>Posts feedback as <paramref name="key"/> (none: no credential) and returns the status and body.</summary>
    public async Task<(int Status, JsonElement Body)> FeedbackAsync(string? key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/tollgate/feedback") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Feedback of <paramref name="key"/> on <paramref name="requestId"/>.</summary>
    public Task<(int Status, JsonElement Body)> FeedbackAsync(string key, string requestId, bool usable) =>
        FeedbackAsync(key, JsonSerializer.Serialize(new Dictionary<string, object> { ["request_id"] = requestId, ["usable"] = usable }));

    /// <summary>The <c>/admin/spend</c> row of <paramref name="feature"/>.</summary>
    public async Task<JsonElement> SpendOfFeatureAsync(string feature)
    {
        using var request = Gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=feature");
        using var response = await Gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var row in report.GetProperty("rows").EnumerateArray())
        {
            if (row.GetProperty("group").GetString() == feature)
            {
                return row.Clone();
            }
        }

        throw new InvalidOperationException($"No spend row for feature '{feature}': {report}");
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one <see cref="UsableOutputGateway"/>.</summary>
[CollectionDefinition(Name)]
public sealed class UsableOutputCollection : ICollectionFixture<UsableOutputGateway>
{
    public const string Name = "usable outputs";
}
