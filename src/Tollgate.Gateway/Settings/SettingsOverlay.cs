using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Options;
using Tollgate.Core.Settings;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Gateway.Settings;

/// <summary>
/// The gateway's settings as its options are bound from them: the host's configuration (the <c>--config</c> file,
/// environment variables, command-line flags) as the base, the settings made through the admin API on top
/// (<see cref="SettingsOverlayProvider"/>). Also says where each value in force comes from.
/// </summary>
internal sealed class SettingsOverlay : IDisposable
{
    /// <summary>The source of a value made through the admin API.</summary>
    public const string AdminSource = "admin";

    private readonly IConfiguration _host;
    private readonly SettingsOverlayProvider _provider;
    private readonly ConfigurationRoot _root;

    public SettingsOverlay(IConfiguration host, SettingOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(overrides);
        _host = host;
        _provider = new SettingsOverlayProvider(host, overrides, follow: true);
        _root = new ConfigurationRoot([_provider]);
    }

    /// <summary>
    /// The overlay of <paramref name="configuration"/> with the overrides <paramref name="store"/> kept, in force before the
    /// first request as they were when the gateway stopped; null when there is no configuration (options given as an object).
    /// </summary>
    public static async Task<SettingsOverlay?> OpenAsync(IConfiguration? configuration, ISettingOverrideStore store, CancellationToken cancellationToken) =>
        configuration is null ? null : new SettingsOverlay(configuration, new SettingOverrides(await store.ListAsync(cancellationToken).ConfigureAwait(false)));

    /// <summary>
    /// The start's refusal when the settings in force fail their checks although the file's alone passed them: changed
    /// in between, or a setting made through the admin API no longer fits the file (named, with the way out).
    /// </summary>
    public static GatewayStartupException StartRefused(OptionsValidationException exception, SettingsOverlay? overlay) => new(
        overlay is { Overrides.Count: > 0 }
            ? exception.Message + " Settings made through the admin API take part: " + string.Join(", ", overlay.Overrides.All.Select(entry => entry.Path)) +
              ". Remove one with 'tollgate config unset PATH --data-dir DIR' while the gateway is stopped."
            : exception.Message,
        exception);

    /// <summary>Runs a step of the start that checks the settings in force, a failed check becoming the start's refusal.</summary>
    public static T Checked<T>(SettingsOverlay? overlay, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (OptionsValidationException exception)
        {
            throw StartRefused(exception, overlay);
        }
    }

    /// <summary>The <c>Tollgate</c> section the options are bound from.</summary>
    public IConfigurationSection Section => _root.GetSection(GatewayApplication.SectionName);

    /// <summary>The overrides in force.</summary>
    public SettingOverrides Overrides => _provider.Overrides;

    /// <summary>Puts <paramref name="overrides"/> in force: the options follow before this returns.</summary>
    public void Apply(SettingOverrides overrides) => _provider.Apply(overrides);

    /// <summary>The <c>Tollgate</c> section as it would be with <paramref name="overrides"/>, for checking them before they are kept.</summary>
    public IConfigurationSection Preview(SettingOverrides overrides) =>
        new ConfigurationRoot([new SettingsOverlayProvider(_host, overrides, follow: false)]).GetSection(GatewayApplication.SectionName);

    /// <summary>Where the value in force at <paramref name="path"/> (below the <c>Tollgate</c> section) comes from.</summary>
    public string SourceOf(string path)
    {
        if (Overrides.TryGet(path, out _))
        {
            return AdminSource;
        }

        return SourceIn(_host, ConfigurationPath.Combine(GatewayApplication.SectionName, path)) ?? "host";
    }

    public void Dispose()
    {
        _provider.Dispose();
        _root.Dispose();
    }

    /// <summary>The last source of <paramref name="configuration"/> that has <paramref name="key"/>, named as a user knows it.</summary>
    private static string? SourceIn(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        var providers = root.Providers.ToArray();
        for (var i = providers.Length - 1; i >= 0; i--)
        {
            var provider = providers[i];
            if (provider is ChainedConfigurationProvider chained)
            {
                if (SourceIn(chained.Configuration, key) is { } inner)
                {
                    return inner;
                }

                continue;
            }

            if (provider.TryGet(key, out var value) && value is not null)
            {
                return provider switch
                {
                    FileConfigurationProvider => "file",
                    EnvironmentVariablesConfigurationProvider => "environment",
                    CommandLineConfigurationProvider => "command-line",
                    LabelledSettingsSource.Provider labelled => labelled.Source,
                    _ => "host",
                };
            }
        }

        return null;
    }
}
