using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
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
            GatewayOptions options;
            IConfiguration logging;
            try
            {
                (options, logging) = GatewayConfiguration.Load(parse.GetValue(config), parse.GetValue(urls), parse.GetValue(dataDirectory));
            }
            catch (Exception exception) when (exception is GatewayStartupException or FileNotFoundException or InvalidDataException or InvalidOperationException or FormatException)
            {
                await Console.Error.WriteLineAsync("tollgate: " + exception.Message).ConfigureAwait(false);
                return 2;
            }

            GatewayApplication gateway;
            try
            {
                gateway = await GatewayApplication.StartAsync(options, configureLogging: builder => builder.AddConfiguration(logging), cancellationToken: cancellationToken).ConfigureAwait(false);
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
