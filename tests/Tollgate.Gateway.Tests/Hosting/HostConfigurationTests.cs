using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// The web host's own configuration files (an <c>appsettings.json</c> in the working directory) are read once and never
/// watched: a watch would put a recursive file watcher on the working directory, where the default data directory
/// sits, and wake it at every ledger write. Tollgate's settings reload from the <c>--config</c> file instead.
/// </summary>
public sealed class HostConfigurationTests
{
    [Fact]
    public async Task The_hosts_json_files_are_not_watched_for_changes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        await using var gateway = await GatewayApplication.StartAsync(configuration, logging => logging.ClearProviders());

        var root = Assert.IsAssignableFrom<IConfigurationRoot>(gateway.Services.GetRequiredService<IConfiguration>());
        var files = root.Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} is watched"));
    }
}
