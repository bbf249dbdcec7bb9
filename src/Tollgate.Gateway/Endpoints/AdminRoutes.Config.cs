using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Tollgate.Core.Exchange;
using Tollgate.Core.Settings;
using Tollgate.Gateway.Json;
using Tollgate.Gateway.Protocols;
using Tollgate.Gateway.Settings;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// <c>/admin/config</c>: every setting in force with its source, secrets redacted (<c>GET</c>), and settings made over
/// the configuration file, kept in the store and applied at once (<c>PUT</c> and <c>DELETE /admin/config/{path}</c>).
/// </summary>
internal static partial class AdminRoutes
{
    private static async Task GetConfigAsync(HttpContext http, SettingOverrideEditor editor)
    {
        if (editor.Overlay is not { } overlay)
        {
            await NothingToOverrideAsync(http).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(http, 200, SettingsInForce(overlay, null), AdminJsonContext.Default.ConfigSettingResponseArray).ConfigureAwait(false);
    }

    private static async Task PutConfigAsync(HttpContext http, string? path, SettingOverrideEditor editor)
    {
        if (await SettingPathAsync(http, path, editor).ConfigureAwait(false) is not { } setting)
        {
            return;
        }

        JsonDocument value;
        try
        {
            value = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await BadRequestAsync(http, "The body must be one JSON value: an object (merged into the setting, member by member), an array (which replaces the setting's list), a string, a number, true, false or null (back to the default).", null).ConfigureAwait(false);
            return;
        }

        using (value)
        {
            if (await editor.SetAsync(setting, value.RootElement, http.RequestAborted).ConfigureAwait(false) is { } refusal)
            {
                await BadRequestAsync(http, refusal, "path").ConfigureAwait(false);
                return;
            }
        }

        await WriteJsonAsync(http, 200, SettingsInForce(editor.Overlay!, setting), AdminJsonContext.Default.ConfigSettingResponseArray).ConfigureAwait(false);
    }

    private static async Task DeleteConfigAsync(HttpContext http, string? path, SettingOverrideEditor editor)
    {
        if (await SettingPathAsync(http, path, editor).ConfigureAwait(false) is not { } setting)
        {
            return;
        }

        if (await editor.RemoveAsync(setting, http.RequestAborted).ConfigureAwait(false) == 0)
        {
            await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 404, ErrorTypes.NotFound, $"Nothing at or below '{setting}' was set through the admin API.").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(http, 200, SettingsInForce(editor.Overlay!, setting), AdminJsonContext.Default.ConfigSettingResponseArray).ConfigureAwait(false);
    }

    /// <summary>The route's setting path, or null once a refusal is written.</summary>
    private static async Task<string?> SettingPathAsync(HttpContext http, string? path, SettingOverrideEditor editor)
    {
        if (editor.Overlay is null)
        {
            await NothingToOverrideAsync(http).ConfigureAwait(false);
            return null;
        }

        if (SettingPath.Parse(path) is not { } setting)
        {
            await BadRequestAsync(http, "Name a setting below the Tollgate section, its segments separated by '/', e.g. /admin/config/Features/summarize/Output/MaxTokensCap.", "path").ConfigureAwait(false);
            return null;
        }

        return setting;
    }

    private static Task NothingToOverrideAsync(HttpContext http) =>
        ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 409, ErrorTypes.Conflict, "This gateway's settings were given to it as an object by its host, not read from configuration; there is nothing to show or override.");

    /// <summary>Every value in force (at and below <paramref name="path"/>, when given), by key, with its source; secrets redacted.</summary>
    private static ConfigSettingResponse[] SettingsInForce(SettingsOverlay overlay, string? path)
    {
        var settings = new List<ConfigSettingResponse>();
        foreach (var (key, value) in overlay.Section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null || (path is not null && !SettingPath.IsAtOrBelow(key, path)))
            {
                continue;
            }

            var secret = SecretSettings.IsSecret(key);
            settings.Add(new ConfigSettingResponse(key, secret ? null : value, overlay.SourceOf(key), secret));
        }

        settings.Sort(static (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Key, b.Key));
        return [.. settings];
    }
}
