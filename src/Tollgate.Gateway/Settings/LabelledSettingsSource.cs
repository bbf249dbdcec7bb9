using Microsoft.Extensions.Configuration;

namespace Tollgate.Gateway.Settings;

/// <summary>
/// Settings a host gathered itself, with the name of where they came from for <c>GET /admin/config</c>: <c>tollgate
/// serve</c> reads the providers' own variables (<c>OPENAI_API_KEY</c> …) as <c>environment</c> and its flags
/// (<c>--urls</c>, <c>--data-dir</c>) as <c>command-line</c>.
/// </summary>
internal sealed class LabelledSettingsSource(string source, IEnumerable<KeyValuePair<string, string?>> values) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(source, values);

    internal sealed class Provider : ConfigurationProvider
    {
        public Provider(string source, IEnumerable<KeyValuePair<string, string?>> values)
        {
            Source = source;
            foreach (var (key, value) in values)
            {
                Data[key] = value;
            }
        }

        /// <summary>Where the values came from: <c>environment</c>, <c>command-line</c>.</summary>
        public string Source { get; }
    }
}
