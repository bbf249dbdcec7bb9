using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.RateLimits;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.Tiers;

/// <summary>
/// A gateway from a watched configuration file with three tiers: <c>free</c> ($0.001 a day, about two short answers of
/// gpt-4.1), <c>pro</c> ($10 a day) and <c>limited</c> (1 request a minute), each for every member apart; its clock
/// stands still, so no allowance refills while a test runs.
/// </summary>
public sealed class TieredGateway : RateLimitedGateway
{
    public const string Tiers = """
        "Tiers": {
          "free": { "Budgets": [ { "Id": "daily", "LimitUsd": 0.001, "Period": "day" } ] },
          "pro": { "Budgets": [ { "Id": "daily", "LimitUsd": 10, "Period": "day" } ] },
          "limited": { "RateLimits": [ { "RequestsPerMinute": 1 } ] }
        }
        """;

    /// <summary>How many calls a test makes at most while it waits for a budget to refuse one.</summary>
    public const int MostCalls = 40;

    protected override string InitialSettings => Tiers;

    /// <summary>Creates a key through <c>POST /admin/keys</c> with <paramref name="body"/>'s fields and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(object body)
    {
        using var response = await Http.PostAsJsonAsync("admin/keys", body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /admin/keys answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>A short chat call of gpt-4.1 through the OpenAI SDK with <paramref name="key"/>, naming <paramref name="user"/> in <c>x-tollgate-user</c> when given.</summary>
    public Task<ClientResult> ChatAsync(string key, string prompt, string? user = null)
    {
        var options = new RequestOptions();
        if (user is not null)
        {
            options.AddHeader("x-tollgate-user", user);
        }

        var body = JsonSerializer.Serialize(new { model = "gpt-4.1", max_completion_tokens = 40, messages = new[] { new { role = "user", content = prompt } } });
        return SdkClients.OpenAIChat(BaseAddress, apiKey: key).CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(body)), options);
    }

    /// <summary>Calls until a budget refuses (402) and returns how many calls were answered before, and the refusal.</summary>
    public async Task<(int Answered, ClientResultException Refusal)> SpendUntilRefusedAsync(string key, string prompt, string? user = null)
    {
        for (var i = 0; i < MostCalls; i++)
        {
            try
            {
                await ChatAsync(key, $"{prompt} (call {i}): one sentence, please.", user);
            }
            catch (ClientResultException exception) when (exception.Status == 402)
            {
                return (i, exception);
            }
        }

        throw new InvalidOperationException($"No budget refused any of {MostCalls} calls of '{prompt}'.");
    }

    /// <summary>The body of a <c>GET</c> of an admin route.</summary>
    public async Task<JsonElement> AdminGetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
