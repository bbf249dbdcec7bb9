using Microsoft.Extensions.Configuration;
using Tollgate.Gateway;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Settings;

namespace Tollgate.Cli.Commands;

/// <summary>
/// Builds the configuration whose <c>"Tollgate"</c> section becomes <see cref="GatewayOptions"/>, from, lowest
/// precedence first: defaults, the <c>--config</c> JSON file, <c>Tollgate__*</c> environment variables, the providers'
/// own variables (<c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c>,
/// <c>ANTHROPIC_API_KEY</c>, <c>ANTHROPIC_BASE_URL</c>, <c>TOLLGATE_ADMIN_KEY</c>), then command-line flags. A key
/// Tollgate does not read stops the start (<see cref="UnknownSettingsCheck"/>). The file is watched: the gateway follows
/// an edit of it in the settings that may change at run time. Its <c>"Logging"</c> section (.NET's logging
/// configuration) is for the gateway's logging. The same sources configure the web server: the file's
/// <c>"Kestrel"</c> section (or <c>Kestrel__*</c> variables) names certificates, endpoints and protocols.
/// </summary>
internal static class GatewayConfiguration
{
    public static IConfigurationRoot Load(string? configFile, string? urls, string? dataDirectory)
    {
        var builder = new ConfigurationBuilder();
        if (!string.IsNullOrEmpty(configFile))
        {
            if (!File.Exists(configFile))
            {
                throw new FileNotFoundException($"Configuration file '{configFile}' does not exist.", configFile);
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: true);
        }

        builder.AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Map(overrides, "OPENAI_API_KEY", "Tollgate:OpenAI:ApiKey");
        Map(overrides, "OPENAI_BASE_URL", "Tollgate:OpenAI:BaseUrl");
        Map(overrides, "OPENAI_ORG_ID", "Tollgate:OpenAI:Organization");
        Map(overrides, "OPENAI_PROJECT_ID", "Tollgate:OpenAI:Project");
        Map(overrides, "ANTHROPIC_API_KEY", "Tollgate:Anthropic:ApiKey");
        Map(overrides, "ANTHROPIC_BASE_URL", "Tollgate:Anthropic:BaseUrl");
        Map(overrides, "TOLLGATE_ADMIN_KEY", "Tollgate:AdminKey");
        Map(overrides, "TOLLGATE_PRICING_FILE", "Tollgate:PricingFile");
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(urls))
        {
            flags["Tollgate:Urls"] = urls;
        }

        if (!string.IsNullOrEmpty(dataDirectory))
        {
            flags["Tollgate:DataDirectory"] = dataDirectory;
        }

        // Labelled, so that GET /admin/config names where each value came from.
        builder.Add(new LabelledSettingsSource("environment", overrides));
        builder.Add(new LabelledSettingsSource("command-line", flags));
        var configuration = builder.Build();
        try
        {
            UnknownSettingsCheck.Run(configuration);
        }
        catch (GatewayStartupException)
        {
            (configuration as IDisposable)?.Dispose(); // stops watching the file
            throw;
        }

        return configuration;
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
