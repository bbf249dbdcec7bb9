using Microsoft.Extensions.Configuration;
using Tollgate.Gateway.Hosting;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// The check of unknown settings works from a schema derived from the options types, so it holds for sections later
/// features add: named feature sections, sections inside them, list entries.
/// </summary>
public sealed class UnknownSettingsCheckTests
{
    private static readonly SettingsSchema Schema = SettingsSchema.Section(("Tollgate", SettingsSchema.For(typeof(SampleSettings))));

    [Fact]
    public void Keys_the_binder_reads_are_accepted_at_every_depth_in_any_case()
    {
        var configuration = Configuration(new()
        {
            ["Tollgate:Name"] = "gateway",
            ["Tollgate:Features:summarize:MaxTokens"] = "200",
            ["tollgate:features:summarize:cache:ttlseconds"] = "60",
            ["Tollgate:Features:chat:stop_sequences:0"] = "END",
            ["Tollgate:Routes:0:Model"] = "gpt-4o-mini",
        });

        UnknownSettingsCheck.Run(configuration, Schema);

        // What the check accepted is what the binder reads.
        var bound = configuration.GetSection("Tollgate").Get<SampleSettings>()!;
        Assert.Equal(200, bound.Features["summarize"].MaxTokens);
        Assert.Equal(60, bound.Features["summarize"].Cache.TtlSeconds);
        Assert.Equal(["END"], bound.Features["chat"].StopSequences);
        Assert.Equal("gpt-4o-mini", Assert.Single(bound.Routes).Model);
    }

    [Theory]
    [InlineData("Tollgate:Features:summarize:MaxTokns", "unknown setting 'Tollgate:Features:summarize:MaxTokns' (did you mean 'MaxTokens'?)")]
    [InlineData("Tollgate:Features:summarize:Cache:Ttl", "unknown setting 'Tollgate:Features:summarize:Cache:Ttl'")]
    [InlineData("Tollgate:Features:summarize:HasLimit", "unknown setting 'Tollgate:Features:summarize:HasLimit'")]
    [InlineData("Tollgate:Features:summarize:StopSequences:0", "unknown setting 'Tollgate:Features:summarize:StopSequences' (did you mean 'stop_sequences'?)")]
    [InlineData("Tollgate:Routes:0:Modle", "unknown setting 'Tollgate:Routes:0:Modle' (did you mean 'Model'?)")]
    [InlineData("Tollgate:Name:First", "unknown setting 'Tollgate:Name:First'")]
    [InlineData("Tollgate:Nmae", "unknown setting 'Tollgate:Nmae' (did you mean 'Name'?)")]
    public void A_key_the_binder_would_ignore_is_refused_naming_it(string key, string message)
    {
        var configuration = Configuration(new() { ["Tollgate:Features:summarize:MaxTokens"] = "200", [key] = "1" });

        var refusal = Assert.Throws<GatewayStartupException>(() => UnknownSettingsCheck.Run(configuration, Schema));

        Assert.Equal(message + ". The settings are listed in docs/configuration.md.", refusal.Message);
    }

    [Fact]
    public void Keys_outside_the_Tollgate_section_are_left_to_others_in_the_environment_but_refused_in_a_file()
    {
        // "Serilog" is another library's section, which Tollgate does not read.
        var shared = Configuration(new() { ["Tollgate:Name"] = "gateway", ["Serilog:MinimumLevel"] = "Debug", ["PATH"] = "/usr/bin" });
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "settings.json");
        File.WriteAllText(file, """{"Tollgate":{"Name":"gateway"},"Serilog":{"MinimumLevel":"Debug"}}""");
        var own = new ConfigurationBuilder().AddJsonFile(file).Build();

        UnknownSettingsCheck.Run(shared, Schema);
        var refusal = Assert.Throws<GatewayStartupException>(() => UnknownSettingsCheck.Run(own, Schema));

        Assert.Equal("unknown setting 'Serilog' in settings.json. The settings are listed in docs/configuration.md.", refusal.Message);
    }

    [Fact]
    public void Kestrel_settings_in_a_file_are_accepted_by_the_gateways_own_schema()
    {
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "settings.json");
        File.WriteAllText(file, """
            {"Tollgate":{"Urls":"http://127.0.0.1:8080"},
             "Kestrel":{"Endpoints":{"Https":{"Url":"https://127.0.0.1:8443","Protocols":"Http1AndHttp2","Certificate":{"Path":"tollgate.pfx","Password":"secret"}}},
                        "Limits":{"MaxConcurrentConnections":100}}}
            """);
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

        var exception = Record.Exception(() => UnknownSettingsCheck.Run(configuration));

        Assert.Null(exception);
    }

    [Fact]
    public void Every_setting_the_configuration_page_lists_is_known()
    {
        var configuration = Configuration(new()
        {
            ["Tollgate:Urls"] = "http://127.0.0.1:8080",
            ["Tollgate:DataDirectory"] = ".tollgate",
            ["Tollgate:AdminKey"] = "admin",
            ["Tollgate:MaxRequestBodyBytes"] = "10485760",
            ["Tollgate:UpstreamTimeoutSeconds"] = "600",
            ["Tollgate:ShutdownTimeoutSeconds"] = "30",
            ["Tollgate:PricingFile"] = "pricing.json",
            ["Tollgate:LedgerFullSync"] = "true",
            ["Tollgate:OpenAI:ApiKey"] = "sk",
            ["Tollgate:OpenAI:BaseUrl"] = "http://127.0.0.1:8000/v1",
            ["Tollgate:Anthropic:ApiKey"] = "sk-ant",
            ["Tollgate:Anthropic:BaseUrl"] = "https://api.anthropic.com",
            ["Tollgate:Simulator:TimeToFirstTokenMs"] = "0",
            ["Tollgate:Simulator:TokensPerSecond"] = "0",
            ["Tollgate:AccessLog:Enabled"] = "true",
            ["Tollgate:AccessLog:SampleRate"] = "0.1",
            ["Logging:LogLevel:Tollgate.AccessLog"] = "Information",
        });

        UnknownSettingsCheck.Run(configuration);
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
