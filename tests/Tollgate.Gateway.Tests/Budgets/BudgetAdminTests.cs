using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.Gateway.Tests.Relay;

namespace Tollgate.Gateway.Tests.Budgets;

/// <summary><c>/admin/budgets</c>: budgets made, shown with their state, topped up and removed through the API.</summary>
public sealed class BudgetAdminTests
{
    [Fact]
    public async Task A_prepaid_credit_made_through_the_api_is_spent_shown_and_topped_up()
    {
        await using var gateway = await InProcessGateway.StartAsync(_ => { });
        using (var created = await SendAsync(gateway, HttpMethod.Post, "admin/budgets", """{"id":"credit","scope":"global","limit_usd":0.0006,"period":"none"}"""))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(gateway)).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await ChatAsync(gateway)).StatusCode);
        var spent = await BudgetAsync(gateway, "credit");
        Assert.True(spent.GetProperty("spent_usd").GetDecimal() > 0m);
        Assert.Equal(0m, spent.GetProperty("reserved_usd").GetDecimal());
        Assert.Equal("admin", spent.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, spent.GetProperty("resets_at").ValueKind);

        using (var topUp = await SendAsync(gateway, HttpMethod.Post, "admin/budgets/credit/topup", """{"amount_usd":1}"""))
        {
            Assert.Equal(HttpStatusCode.OK, topUp.StatusCode);
        }

        Assert.Equal(1.0006m, (await BudgetAsync(gateway, "credit")).GetProperty("limit_usd").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(gateway)).StatusCode);
        using (var removed = await SendAsync(gateway, HttpMethod.Delete, "admin/budgets/credit", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using var list = await SendAsync(gateway, HttpMethod.Get, "admin/budgets", null);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_stored_budget_overrides_the_configured_one_of_its_id_until_removed()
    {
        await using var gateway = await InProcessGateway.StartAsync(options => options.Budgets.Add(new Core.Budgets.BudgetDocument { Id = "daily", LimitUsd = 5m, Period = "day" }));

        Assert.Equal("config", (await BudgetAsync(gateway, "daily")).GetProperty("source").GetString());
        using (var replaced = await SendAsync(gateway, HttpMethod.Put, "admin/budgets/daily", """{"limit_usd":7,"period":"day"}"""))
        {
            Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        }

        Assert.Equal(7m, (await BudgetAsync(gateway, "daily")).GetProperty("limit_usd").GetDecimal());
        using (var removed = await SendAsync(gateway, HttpMethod.Delete, "admin/budgets/daily", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Equal(5m, (await BudgetAsync(gateway, "daily")).GetProperty("limit_usd").GetDecimal());
        using var invalid = await SendAsync(gateway, HttpMethod.Post, "admin/budgets", """{"id":"bad","period":"fortnight","limit_usd":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("fortnight", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> BudgetAsync(InProcessGateway gateway, string id)
    {
        using var response = await SendAsync(gateway, HttpMethod.Get, "admin/budgets/" + id, null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> ChatAsync(InProcessGateway gateway) =>
        await SendAsync(gateway, HttpMethod.Post, "v1/chat/completions", """{"model":"gpt-4.1","max_tokens":60,"messages":[{"role":"user","content":"Describe the harbour at dawn."}]}""");

    private static async Task<HttpResponseMessage> SendAsync(InProcessGateway gateway, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await gateway.Http.SendAsync(request);
    }
}
