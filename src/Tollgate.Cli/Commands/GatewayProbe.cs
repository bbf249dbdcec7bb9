namespace Tollgate.Cli.Commands;

/// <summary>Whether a gateway answers at all, so that an unreachable one gets its own exit code (<see cref="ExitCodes.GatewayUnreachable"/>).</summary>
internal static class GatewayProbe
{
    /// <summary>The address <paramref name="gateway"/> names, with a trailing slash; null when it is no absolute http(s) URL.</summary>
    public static Uri? BaseAddress(string gateway) =>
        Uri.TryCreate(gateway.EndsWith('/') ? gateway : gateway + "/", UriKind.Absolute, out var address)
        && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps) ? address : null;

    /// <summary>Whether <c>GET /healthz</c> gets any answer within ten seconds (its status is judged by the requests that follow).</summary>
    public static async Task<bool> IsReachableAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(probe.Token, cancellationToken);
            using var response = await http.GetAsync("healthz", linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
