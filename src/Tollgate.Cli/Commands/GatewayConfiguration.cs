using Microsoft.Extensions.Configuration;
using Tollgate.Gateway;

namespace Tollgate.Cli.Commands;

/// <summary>
/// Builds <see cref="GatewayOptions"/> from, lowest precedence first: defaults, the <c>--config</c> JSON file
/// (its <c>"Tollgate"</c> section), <c>Tollgate__*</c> environment variables, the providers' own variables
/// (<c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>ANTHROPIC_API_KEY</c>, <c>ANTHROPIC_BASE_URL</c>,
/// <c>TOLLGATE_ADMIN_KEY</c>), then command-line flags. The same sources configure the web server: the file's
/// <c>"Kestrel"</c> section (or <c>Kestrel__*</c> variables) names certificates, endpoints and protocols.
/// </summary>
internal static class GatewayConfiguration
{
    public static GatewayOptions Load(string? configFile, string? urls, string? dataDirectory)
    {
        var builder = new ConfigurationBuilder();
        if (!string.IsNullOrEmpty(configFile))
        {
            if (!File.Exists(configFile))
            {
                throw new FileNotFoundException($"Configuration file '{configFile}' does not exist.", configFile);
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Map(overrides, "OPENAI_API_KEY", "Tollgate:OpenAI:ApiKey");
        Map(overrides, "OPENAI_BASE_URL", "Tollgate:OpenAI:BaseUrl");
        Map(overrides, "ANTHROPIC_API_KEY", "Tollgate:Anthropic:ApiKey");
        Map(overrides, "ANTHROPIC_BASE_URL", "Tollgate:Anthropic:BaseUrl");
        Map(overrides, "TOLLGATE_ADMIN_KEY", "Tollgate:AdminKey");
        Map(overrides, "TOLLGATE_PRICING_FILE", "Tollgate:PricingFile");
        if (!string.IsNullOrEmpty(urls))
        {
            overrides["Tollgate:Urls"] = urls;
        }

        if (!string.IsNullOrEmpty(dataDirectory))
        {
            overrides["Tollgate:DataDirectory"] = dataDirectory;
        }

        builder.AddInMemoryCollection(overrides);
        var configuration = builder.Build();
        var options = new GatewayOptions();
        configuration.GetSection("Tollgate").Bind(options);
        options.ServerConfiguration = configuration; // its "Kestrel" section: certificates, endpoints, protocols
        return options;
    }

    private static void Map(Dictionary<string, string?> overrides, string variable, string key)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(value))
        {
            overrides[key] = value;
        }
    }
}
