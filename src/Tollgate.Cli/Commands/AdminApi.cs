using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tollgate.Gateway;

namespace Tollgate.Cli.Commands;

/// <summary>
/// How commands reach a running gateway's admin API (<c>tollgate cache</c>, <c>tollgate alerts --gateway</c>): every
/// failure (a refused admin key, a parameter the gateway refuses, a gateway that cannot be reached) is one line on
/// standard error and a non-zero exit code: 2 for what the user typed, 1 for the rest.
/// </summary>
internal static class AdminApi
{
    private const string AdminKeyVariable = "TOLLGATE_ADMIN_KEY";

    // A purge of a large cache deletes in chunks and may take a while; Ctrl+C still stops the wait at once.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The options naming the gateway (the default address when not given) and its admin key.</summary>
    public static (Option<string> Gateway, Option<string?> AdminKey) GatewayConnection() => (
        new Option<string>("--gateway") { Description = "The running gateway's address.", DefaultValueFactory = _ => GatewayOptions.DefaultUrl },
        AdminKey());

    /// <summary>The <c>--admin-key</c> option; <c>TOLLGATE_ADMIN_KEY</c> when not given.</summary>
    // No default shown: the help must not print the key from the environment.
    public static Option<string?> AdminKey() =>
        new("--admin-key") { Description = $"The gateway's admin key; {AdminKeyVariable} when not given (safer: a command line is visible to other users)." };

    /// <summary>Adds <c>name=value</c>, escaped, to a query being built, when there is a value.</summary>
    public static void AddQuery(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }

    /// <summary>Sends the admin request; the answer's JSON when it succeeded, else the exit code after one line on standard error.</summary>
    public static Task<(int ExitCode, JsonDocument? Answer)> SendAsync(HttpMethod method, string path, string gateway, string? adminKey, CancellationToken cancellationToken) =>
        SendAsync(method, path, null, gateway, adminKey, cancellationToken);

    /// <summary>Sends the admin request with <paramref name="json"/> as its body (none when null), as <see cref="SendAsync(HttpMethod, string, string, string?, CancellationToken)"/> does.</summary>
    public static async Task<(int ExitCode, JsonDocument? Answer)> SendAsync(HttpMethod method, string path, string? json, string gateway, string? adminKey, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(gateway.EndsWith('/') ? gateway : gateway + "/", UriKind.Absolute, out var baseAddress)
            || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            await Console.Error.WriteLineAsync($"tollgate: --gateway must be an absolute http(s) URL, e.g. {GatewayOptions.DefaultUrl}; got '{gateway}'.").ConfigureAwait(false);
            return (2, null);
        }

        adminKey ??= Environment.GetEnvironmentVariable(AdminKeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = RequestTimeout };
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        if (adminKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        }

        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            await Console.Error.WriteLineAsync($"tollgate: cannot reach the gateway at {baseAddress}: {exception.Message}").ConfigureAwait(false);
            return (1, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"tollgate: the gateway at {baseAddress} did not answer within {RequestTimeout.TotalMinutes} minutes.").ConfigureAwait(false);
            return (1, null);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return (0, null); // done, nothing to say (a deletion)
                }

                try
                {
                    return (0, JsonDocument.Parse(body));
                }
                catch (JsonException)
                {
                    await Console.Error.WriteLineAsync($"tollgate: {baseAddress} answered {(int)response.StatusCode} with a body that is not Tollgate's; is it a Tollgate gateway?").ConfigureAwait(false);
                    return (1, null);
                }
            }

            var message = ErrorMessage(body);
            var line = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized when adminKey is null => $"the gateway refused the request: {message} Pass --admin-key or set {AdminKeyVariable}.",
                HttpStatusCode.Unauthorized => $"the gateway refused the admin key: {message}",
                HttpStatusCode.BadRequest => $"the gateway refused the request: {message}",
                _ => $"the gateway answered {(int)response.StatusCode}: {message}",
            };
            await Console.Error.WriteLineAsync("tollgate: " + line.ReplaceLineEndings(" ")).ConfigureAwait(false);
            return (response.StatusCode == HttpStatusCode.BadRequest ? 2 : 1, null);
        }
    }

    /// <summary>The message of an error body in the OpenAI shape, or the start of whatever else came.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not a Tollgate error body (a proxy's page, nothing at all): say what came, briefly.
        }

        return body.Length == 0 ? "(no body)" : body.Length <= 200 ? body : body[..200] + "…";
    }
}
