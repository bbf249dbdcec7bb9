using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.PromptCaching;

namespace Tollgate.Gateway.Endpoints;

/// <summary><c>GET /admin/findings</c>: what the gateway found wrong with the prompts it relays (<see cref="PrefixFinding"/>).</summary>
internal static partial class AdminRoutes
{
    /// <summary>
    /// The findings by feature, or only those of <c>feature</c> (exact); <c>{"data": [...]}</c>. Any other parameter, or
    /// one repeated or empty, is refused with 400, naming it.
    /// </summary>
    private static async Task ListFindingsAsync(HttpContext http, PrefixStability stability)
    {
        foreach (var (name, values) in http.Request.Query)
        {
            if (name != "feature")
            {
                await BadRequestAsync(http, $"Unknown parameter '{name}': GET /admin/findings takes feature.", name).ConfigureAwait(false);
                return;
            }

            if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            {
                await BadRequestAsync(http, $"{name} must be given once, with a value.", name).ConfigureAwait(false);
                return;
            }
        }

        var findings = stability.Findings(Single(http.Request.Query, "feature"));
        await WriteJsonAsync(http, 200, new FindingListResponse(findings), FindingJsonContext.Default.FindingListResponse).ConfigureAwait(false);
    }
}
