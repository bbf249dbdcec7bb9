using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Shows a configuration the gateway was handed (<see cref="GatewayOptions.ServerConfiguration"/>) to the web host
/// without letting the host write into it. The host stores its own settings (<c>urls</c>) by setting them on every
/// source it has; chained directly, the caller's configuration would take them in, and its own file would then hold
/// keys its owner never wrote (the unknown-settings check of <c>tollgate serve</c> refuses them). Reads and reloads
/// pass through.
/// </summary>
internal sealed class ReadOnlyConfigurationSource(IConfiguration configuration) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(configuration);

    private sealed class Provider(IConfiguration configuration) : IConfigurationProvider
    {
        public bool TryGet(string key, out string? value)
        {
            value = configuration[key];
            return value is not null;
        }

        public void Set(string key, string? value)
        {
            // Not the host's to change.
        }

        public IChangeToken GetReloadToken() => configuration.GetReloadToken();

        public void Load()
        {
            // Loaded by its owner.
        }

        public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            var section = parentPath is null ? configuration : configuration.GetSection(parentPath);
            var keys = new List<string>(earlierKeys);
            foreach (var child in section.GetChildren())
            {
                keys.Add(child.Key);
            }

            keys.Sort(ConfigurationKeyComparer.Instance);
            return keys;
        }
    }
}
