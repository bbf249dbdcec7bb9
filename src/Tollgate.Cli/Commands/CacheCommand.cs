using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tollgate.Gateway;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate cache purge|stats</c>: the running gateway's response cache, through its admin API
/// (<c>DELETE</c> and <c>GET /admin/cache</c>), so that the gateway's own memory is emptied with its file. Every failure
/// (a refused admin key, a parameter the gateway refuses, a gateway that cannot be reached) is one line on standard
/// error and a non-zero exit: 2 for what the user typed, 1 for the rest.
/// </summary>
internal static class CacheCommand
{
    private const string AdminKeyVariable = "TOLLGATE_ADMIN_KEY";

    // A purge of a large cache deletes in chunks and may take a while; Ctrl+C still stops the wait at once.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    public static Command Create()
    {
        var command = new Command("cache", "Purge the response cache of a running gateway, or show what it holds.");
        command.Subcommands.Add(Purge());
        command.Subcommands.Add(Stats());
        return command;
    }

    private static Command Purge()
    {
        var (gateway, adminKey) = GatewayConnection();
        var feature = new Option<string?>("--feature") { Description = "Only entries stored for this feature." };
        var model = new Option<string?>("--model") { Description = "Only entries of this model, as the provider named it (e.g. gpt-4o-mini-2024-07-18)." };
        var olderThan = new Option<string?>("--older-than") { Description = "Only entries created longer ago than this: 90s (or 90), 30m, 12h or 7d." };
        var command = new Command(
            "purge",
            "Remove cached answers from a running gateway (DELETE /admin/cache): those matching every filter given, or all of them when none is. " +
            "The gateway empties its memory of them too; another gateway process sharing the data directory may serve what it holds in memory until that expires or is evicted.")
        {
            feature, model, olderThan, gateway, adminKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = new List<string>(3);
            Add(query, "feature", parse.GetValue(feature));
            Add(query, "model", parse.GetValue(model));
            Add(query, "older_than", parse.GetValue(olderThan));
            var path = query.Count == 0 ? "admin/cache" : "admin/cache?" + string.Join('&', query);
            var (exitCode, answer) = await SendAsync(HttpMethod.Delete, path, parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            if (answer is { } document)
            {
                using (document)
                {
                    var purged = document.RootElement.GetProperty("purged").GetInt64();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Purged {purged} {(purged == 1 ? "entry" : "entries")}."));
                }
            }

            return exitCode;
        });
        return command;
    }

    private static Command Stats()
    {
        var (gateway, adminKey) = GatewayConnection();
        var command = new Command("stats", "Show how many answers a running gateway's cache holds and their size (GET /admin/cache).") { gateway, adminKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (exitCode, answer) = await SendAsync(HttpMethod.Get, "admin/cache", parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            if (answer is { } document)
            {
                using (document)
                {
                    var root = document.RootElement;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{root.GetProperty("entries").GetInt64()} entries, {root.GetProperty("bytes").GetInt64()} bytes of answers, {(root.GetProperty("encrypted").GetBoolean() ? "encrypted" : "not encrypted")}."));
                }
            }

            return exitCode;
        });
        return command;
    }

    private static (Option<string> Gateway, Option<string?> AdminKey) GatewayConnection() => (
        new Option<string>("--gateway") { Description = "The running gateway's address.", DefaultValueFactory = _ => GatewayOptions.DefaultUrl },
        // No default shown: the help must not print the key from the environment.
        new Option<string?>("--admin-key") { Description = $"The gateway's admin key; {AdminKeyVariable} when not given (safer: a command line is visible to other users)." });

    private static void Add(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }

    /// <summary>Sends the admin request; the answer's JSON when it succeeded, else the exit code after one line on standard error.</summary>
    private static async Task<(int ExitCode, JsonDocument? Answer)> SendAsync(HttpMethod method, string path, string gateway, string? adminKey, CancellationToken cancellationToken)
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
