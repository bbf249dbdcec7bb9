using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Gateway;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate serve [--urls URL] [--data-dir DIR] [--config FILE]</c>.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on, ';'-separated (default {GatewayOptions.DefaultUrl})." };
        var dataDirectory = CommonOptions.DataDirectory();
        var config = new Option<string?>("--config") { Description = "JSON configuration file (a \"Tollgate\" section; see docs/configuration.md)." };
        var command = new Command("serve", "Start the gateway. With no provider key set, it serves the built-in simulated provider.")
        {
            urls,
            dataDirectory,
            config,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IConfigurationRoot configuration;
            try
            {
                configuration = GatewayConfiguration.Load(parse.GetValue(config), parse.GetValue(urls), parse.GetValue(dataDirectory));
            }
            catch (Exception exception) when (exception is GatewayStartupException or FileNotFoundException or InvalidDataException or InvalidOperationException or FormatException)
            {
                await Console.Error.WriteLineAsync("tollgate: " + exception.Message).ConfigureAwait(false);
                return 2;
            }

            using var watchedFiles = configuration as IDisposable; // stops watching the --config file at the end
            GatewayApplication gateway;
            try
            {
                gateway = await GatewayApplication.StartAsync(
                    configuration,
                    configureLogging: logging => logging.AddConfiguration(configuration.GetSection("Logging")),

                    // The whole configuration is Tollgate's here, so an edit of the file that brings a key Tollgate does
                    // not read is refused like a value out of range, and the last valid settings stay.
                    configureServices: services => services.AddSingleton<IValidateOptions<GatewayOptions>>(new UnknownSettingsValidator(configuration)),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (GatewayStartupException exception)
            {
                await Console.Error.WriteLineAsync("tollgate: " + exception.Message).ConfigureAwait(false);
                return 2;
            }
            catch (IOException exception)
            {
                await Console.Error.WriteLineAsync("tollgate: could not start: " + exception.Message).ConfigureAwait(false);
                return 2;
            }

            await using (gateway.ConfigureAwait(false))
            {
                await gateway.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
