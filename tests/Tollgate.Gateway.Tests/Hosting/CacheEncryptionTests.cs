using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Hosting;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// <c>Tollgate:Cache:EncryptionKey</c> on a running gateway: with it, the cache the gateway uses seals every answer it
/// stores, and says so; a key that is not base64 of 32 bytes stops the start, and a reload that brings one is
/// refused; no message ever shows the key.
/// </summary>
public sealed class CacheEncryptionTests : IDisposable
{
    private const string Secret = "Quarterly revenue was 4.2 million";

    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly TemporaryDirectory _data = new();
    private readonly RecordingLoggerProvider _log = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task With_an_encryption_key_the_gateways_cache_keeps_answers_sealed_in_its_file()
    {
        await using var gateway = await StartAsync(Key);
        var cache = gateway.Services.GetRequiredService<ICacheStore>();

        await cache.PutAsync(Entry(Secret));

        Assert.False(CacheFilesHold(Secret), "the cache file holds the answer in clear");
        Assert.Equal(Secret, Encoding.UTF8.GetString((await cache.GetAsync(Entry(Secret).Key))!.Body.Span));
    }

    [Fact]
    public async Task With_an_encryption_key_cache_stats_say_the_answers_are_encrypted_and_count_their_own_bytes()
    {
        await using var gateway = await StartAsync(Key);
        await gateway.Services.GetRequiredService<ICacheStore>().PutAsync(Entry(Secret));
        using var http = new HttpClient { BaseAddress = gateway.Addresses[0] };

        var stats = await http.GetStringAsync("admin/cache");

        Assert.Equal($$"""{"entries":1,"bytes":{{Secret.Length}},"encrypted":true}""", stats);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("correct horse battery staple")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")] // 16 bytes: AES-128 is not what the setting asks for
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g")] // 33 bytes
    public async Task A_key_that_is_not_base64_of_32_bytes_stops_the_start_with_a_message_that_does_not_show_it(string key)
    {
        var failure = await Assert.ThrowsAsync<GatewayStartupException>(() => StartAsync(key));

        Assert.StartsWith("Cache:EncryptionKey ", failure.Message, StringComparison.Ordinal);
        if (key.Trim().Length > 0)
        {
            Assert.DoesNotContain(key, failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_key_appears_in_no_log_line_of_a_gateway_that_uses_it()
    {
        await using (var gateway = await StartAsync(Key))
        {
            using var http = new HttpClient { BaseAddress = gateway.Addresses[0] };
            await gateway.Services.GetRequiredService<ICacheStore>().PutAsync(Entry(Secret));
            using var purged = await http.DeleteAsync("admin/cache");
            Assert.Equal(200, (int)purged.StatusCode);
        }

        Assert.NotEmpty(_log.Messages);
        Assert.DoesNotContain(_log.Messages, message => message.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_config_reload_that_brings_a_malformed_key_is_refused_and_the_key_read_at_start_stays()
    {
        var file = Path.Combine(_data.Path, "tollgate.json");
        WriteConfig(file, Key);
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: true).Build();
        await using var gateway = await GatewayApplication.StartAsync(configuration, Logging);
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<GatewayOptions>>();

        WriteConfig(file, "bm90LWEta2V5");

        await Poll.UntilAsync(
            () => Task.FromResult(_log.Messages.Any(message => message.Contains("reload refused", StringComparison.Ordinal) && message.Contains("Cache:EncryptionKey", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30),
            "the refused edit in the log");
        Assert.Equal(Key, options.CurrentValue.Cache.EncryptionKey);
        Assert.DoesNotContain(_log.Messages, message => message.Contains("bm90LWEta2V5", StringComparison.Ordinal));
    }

    private static CacheEntry Entry(string answer) => new()
    {
        Key = CacheKey.Of("the question"u8),
        Scope = "team:core",
        Feature = "reports",
        Model = "gpt-4o-mini",
        Protocol = WireProtocol.OpenAI,
        Status = 200,
        ContentType = "application/json",
        Body = Encoding.UTF8.GetBytes(answer),
        CreatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
    };

    private Task<GatewayApplication> StartAsync(string encryptionKey) => GatewayApplication.StartAsync(
        new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = Path.Combine(_data.Path, "data"),
            Cache = new CacheOptions { EncryptionKey = encryptionKey },
        },
        Logging);

    private void Logging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddProvider(_log);
    }

    private void WriteConfig(string file, string encryptionKey)
    {
        // Written aside, then renamed, so the watcher never reads it half-written.
        File.WriteAllText(file + ".new", $$"""
            {
              "Tollgate": {
                "Urls": "http://127.0.0.1:0",
                "DataDirectory": "{{JsonEncodedText.Encode(Path.Combine(_data.Path, "data"))}}",
                "Cache": { "EncryptionKey": "{{encryptionKey}}" }
              }
            }
            """);
        File.Move(file + ".new", file, overwrite: true);
    }

    private bool CacheFilesHold(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.GetFiles(Path.Combine(_data.Path, "data"), "cache.db*").Any(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0);
    }
}
