using System.Net;
using System.Text;
using Tollgate.Providers.Simulation;

namespace Tollgate.Providers.Tests.Simulation;

/// <summary>
/// Faults scoped to a model, so a gateway's fallback to another model gets past them: a <c>[[fault:KIND@MODEL]]</c>
/// marker applies to requests for MODEL only, and <c>/_simulator/failing-models</c> fails a model on every call, or on
/// its next few, until it recovers.
/// </summary>
public sealed class ModelFaultTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorOptions(), "http://127.0.0.1:0");
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_model_scoped_marker_fails_only_requests_for_its_model()
    {
        const string text = "Hello. [[fault:529@claude-sonnet-4-5]]";

        using var named = await MessagesAsync("claude-sonnet-4-5", text);
        using var other = await MessagesAsync("claude-haiku-4-5", text);

        Assert.Equal(529, (int)named.StatusCode);
        Assert.Contains("overloaded_error", await named.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_failing_model_fails_its_next_calls_then_answers_and_can_be_recovered()
    {
        using (var put = await _http.PutAsync("_simulator/failing-models/gpt-4o?fault=500&times=2", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.Contains("\"model\":\"gpt-4o\"", await _http.GetStringAsync("_simulator/failing-models"), StringComparison.Ordinal);
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await ChatAsync("gpt-4o");
            statuses.Add((int)response.StatusCode);
        }

        using var mini = await ChatAsync("gpt-4o-mini");
        Assert.Equal([500, 500, 200], statuses);
        Assert.Equal(HttpStatusCode.OK, mini.StatusCode);
        Assert.Equal("""{"models":[]}""", await _http.GetStringAsync("_simulator/failing-models"));

        using (var put = await _http.PutAsync("_simulator/failing-models/gpt-4o?fault=529", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using (var failing = await ChatAsync("gpt-4o"))
        {
            Assert.Equal(503, (int)failing.StatusCode); // OpenAI answers an overload with 503
        }

        using (var recovered = await _http.DeleteAsync("_simulator/failing-models/gpt-4o"))
        {
            Assert.Equal(HttpStatusCode.NoContent, recovered.StatusCode);
        }

        using var answered = await ChatAsync("gpt-4o");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var unknown = await _http.DeleteAsync("_simulator/failing-models/gpt-4o");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var wrong = await _http.PutAsync("_simulator/failing-models/gpt-4o?fault=sometimes", null);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    private Task<HttpResponseMessage> ChatAsync(string model) =>
        _http.PostAsync("v1/chat/completions", Json($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}"""));

    private Task<HttpResponseMessage> MessagesAsync(string model, string text) =>
        _http.PostAsync("v1/messages", Json($$"""{"model":"{{model}}","max_tokens":32,"messages":[{"role":"user","content":"{{text}}"}]}"""));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
