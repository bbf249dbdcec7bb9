using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Tollgate.Core.Settings;

namespace Tollgate.Gateway.Settings;

/// <summary>
/// The one source of the gateway's options: the host's <c>Tollgate</c> section with the admin API's overrides on top,
/// as a plain key/value set rebuilt whenever either changes. A provider at the top of the host's own stack would not
/// do: configuration merges every source key by key, so the file's <c>RateLimits:1</c> would show through under an
/// override's <c>RateLimits:0</c>, and an array set through the API must replace the file's as a whole. Here the
/// file's keys an override hides are left out. A rebuild swaps the whole set at once, then raises the reload that
/// <c>IOptionsMonitor</c> follows, so the options see an override before the call that made it returns.
/// </summary>
internal sealed class SettingsOverlayProvider : ConfigurationProvider, IDisposable
{
    private static readonly string Prefix = GatewayApplication.SectionName + ConfigurationPath.KeyDelimiter;

    private readonly IConfiguration _host;
    private readonly Lock _rebuild = new();
    private readonly IDisposable? _following;
    private volatile SettingOverrides _overrides;

    /// <param name="host">The host's configuration, whose <c>Tollgate</c> section is the base.</param>
    /// <param name="overrides">The overrides on top.</param>
    /// <param name="follow">Whether to rebuild when the host's configuration reloads (the gateway's own), or not (a preview).</param>
    public SettingsOverlayProvider(IConfiguration host, SettingOverrides overrides, bool follow)
    {
        _host = host;
        _overrides = overrides;
        if (follow)
        {
            _following = ChangeToken.OnChange(host.GetReloadToken, () => Rebuild(_overrides));
        }
    }

    /// <summary>The overrides in force.</summary>
    public SettingOverrides Overrides => _overrides;

    public override void Load() => Data = Compose(_host, _overrides);

    /// <summary>Puts <paramref name="overrides"/> in force.</summary>
    public void Apply(SettingOverrides overrides) => Rebuild(overrides);

    public void Dispose() => _following?.Dispose();

    private void Rebuild(SettingOverrides overrides)
    {
        lock (_rebuild)
        {
            _overrides = overrides;
            Data = Compose(_host, overrides);
        }

        OnReload();
    }

    private static Dictionary<string, string?> Compose(IConfiguration host, SettingOverrides overrides)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in host.GetSection(GatewayApplication.SectionName).AsEnumerable(makePathsRelative: true))
        {
            if (value is not null && !overrides.Hides(key))
            {
                data[Prefix + key] = value;
            }
        }

        foreach (var entry in overrides.All)
        {
            if (entry.Value is not null)
            {
                data[Prefix + entry.Path] = entry.Value;
            }
        }

        return data;
    }
}
