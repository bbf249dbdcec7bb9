using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tollgate.Core.Settings;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Gateway.Settings;

/// <summary>
/// Makes and removes settings through the admin API: checks a change (a setting that may be overridden, one Tollgate
/// reads, and options that still pass every check of <see cref="GatewayOptions"/>), stores it, then puts it in force.
/// A change that fails a check is refused whole and nothing is stored. Changes take turns, so two at once cannot lose
/// one another.
/// </summary>
internal sealed class SettingOverrideEditor(SettingsOverlay? overlay, ISettingOverrideStore store, IEnumerable<IValidateOptions<GatewayOptions>> validators)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>The overlay, or null when the gateway's host gave its options as an object: there is no configuration to override.</summary>
    public SettingsOverlay? Overlay => overlay;

    /// <summary>Sets <paramref name="value"/> at <paramref name="path"/>; null when done, else why it was refused.</summary>
    public async Task<string?> SetAsync(string path, JsonElement value, CancellationToken cancellationToken)
    {
        var overlay = RequireOverlay();
        IReadOnlyList<SettingOverride> entries;
        try
        {
            entries = SettingOverrides.Flatten(path, value);
        }
        catch (ArgumentException exception)
        {
            return exception.Message.Replace(" (Parameter 'value')", string.Empty, StringComparison.Ordinal);
        }

        if (entries.Count == 0 && Check(path) is { } refusal)
        {
            return refusal;
        }

        foreach (var entry in entries)
        {
            if (Check(entry.Path) is { } problem)
            {
                return problem;
            }
        }

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = overlay.Overrides.With(path, value);
            if (Validate(overlay, next) is { } invalid)
            {
                return invalid;
            }

            await store.ReplaceAsync(path, next.AtAndBelow(path), cancellationToken).ConfigureAwait(false);
            overlay.Apply(next);
            return null;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Removes the overrides at and below <paramref name="path"/>; how many there were (0: nothing changed).</summary>
    public async Task<int> RemoveAsync(string path, CancellationToken cancellationToken)
    {
        var overlay = RequireOverlay();
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = overlay.Overrides.Without(path, out var removed);
            if (removed > 0)
            {
                // Back to the file's values, which are in force already when the file passed its checks; if a later
                // edit of it did not, the options keep their last valid values as on any refused reload.
                await store.ReplaceAsync(path, [], cancellationToken).ConfigureAwait(false);
                overlay.Apply(next);
            }

            return removed;
        }
        finally
        {
            _turn.Release();
        }
    }

    private SettingsOverlay RequireOverlay() =>
        overlay ?? throw new InvalidOperationException("This gateway's settings were given to it as an object by its host, not read from configuration; there is nothing to override.");

    /// <summary>Why <paramref name="path"/> may not be set, or null.</summary>
    private static string? Check(string path)
    {
        if (!OverridableSettings.Allows(path))
        {
            return $"'{path}' cannot be set through the admin API; it may set {OverridableSettings.Described}. Other settings belong in the configuration file or the environment.";
        }

        if (SecretSettings.IsSecret(path))
        {
            return $"'{path}' is a secret; secrets are set in the configuration file or the environment, never through the admin API.";
        }

        if (!UnknownSettingsCheck.Schema.TryGetKey(GatewayApplication.SectionName, out var schema))
        {
            return $"'{path}' is not a setting Tollgate reads.";
        }

        var segments = SettingPath.Segments(path);
        for (var i = 0; i < segments.Length; i++)
        {
            if (!schema.TryGetKey(segments[i], out schema))
            {
                return $"'{string.Join(SettingPath.Separator, segments[..(i + 1)])}' is not a setting Tollgate reads; the settings are listed in docs/configuration.md.";
            }
        }

        return null;
    }

    /// <summary>Binds the settings with <paramref name="next"/> and runs every check of the options; their messages, or null when they pass.</summary>
    private string? Validate(SettingsOverlay overlay, SettingOverrides next)
    {
        GatewayOptions options;
        try
        {
            // Strict: by default the binder drops a dictionary entry or list element holding a value of the wrong type
            // without a word, and a feature would lose all its settings over one mistyped value.
            options = Bind(overlay.Preview(next), strict: true);
        }
        catch (InvalidOperationException exception)
        {
            if (!BindsStrictly(overlay.Section))
            {
                // The settings in force do not bind strictly either (a key of the host's own beside Tollgate's): not
                // this change's doing, so it is held to the binder's usual rules.
                return ValidateLeniently(overlay.Preview(next));
            }

            return Innermost(exception).Message; // a value of the wrong type; the message names the value and its key
        }

        return Check(options);
    }

    private string? ValidateLeniently(IConfigurationSection section)
    {
        try
        {
            return Check(Bind(section, strict: false));
        }
        catch (InvalidOperationException exception)
        {
            return Innermost(exception).Message;
        }
    }

    private string? Check(GatewayOptions options)
    {
        List<string>? failures = null;
        foreach (var validator in validators)
        {
            var result = validator.Validate(Options.DefaultName, options);
            if (result.Failed)
            {
                (failures ??= []).AddRange(result.Failures ?? [result.FailureMessage]);
            }
        }

        return failures is null ? null : "The settings would not be valid: " + string.Join(" ", failures);
    }

    private static GatewayOptions Bind(IConfigurationSection section, bool strict) =>
        section.Get<GatewayOptions>(binder => binder.ErrorOnUnknownConfiguration = strict) ?? new GatewayOptions();

    private static bool BindsStrictly(IConfigurationSection section)
    {
        try
        {
            Bind(section, strict: true);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The binder's innermost complaint, the one that names the value and its key.</summary>
    private static Exception Innermost(InvalidOperationException exception)
    {
        Exception found = exception;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is InvalidOperationException)
            {
                found = inner;
            }
        }

        return found;
    }
}
