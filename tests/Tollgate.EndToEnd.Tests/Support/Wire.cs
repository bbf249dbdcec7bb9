using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>Small helpers for talking HTTP without an SDK.</summary>
internal static class Wire
{
    public static ByteArrayContent Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static HttpRequestMessage Post(string path, string body) => new(HttpMethod.Post, path) { Content = Json(body) };

    /// <summary>The single value of a response header; fails when it is missing.</summary>
    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"Response has no '{name}' header.");

    public static decimal ParseCost(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts that a body carries nothing of a .NET exception: no stack frames, no exception type names.</summary>
    public static void AssertNoStackTrace(string body)
    {
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }
}
