using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core.Caching;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// <c>Tollgate:Cache:EncryptionKey</c>: when it is set, the registered <see cref="ICacheStore"/> is wrapped in an
/// <see cref="EncryptedCacheStore"/>, so every answer the cache stores is sealed with that key. The key is read once,
/// at start; it is a secret, so no message ever repeats it.
/// </summary>
internal static class CacheEncryption
{
    /// <summary>Wraps the <see cref="ICacheStore"/> registered so far when <paramref name="encryptionKey"/> is set, and checks the key on every reload.</summary>
    /// <param name="services">Services holding an <see cref="ICacheStore"/> registration.</param>
    /// <param name="encryptionKey">The setting as given at start; null when unset.</param>
    /// <exception cref="GatewayStartupException">The key is not base64 of 32 bytes.</exception>
    public static IServiceCollection AddTollgateCacheEncryption(this IServiceCollection services, string? encryptionKey)
    {
        services.AddSingleton<IValidateOptions<GatewayOptions>, CacheEncryptionKeyValidator>();
        if (encryptionKey is null)
        {
            return services;
        }

        if (!EncryptedCacheStore.TryParseKey(encryptionKey, out var key))
        {
            throw new GatewayStartupException(Problem(encryptionKey)!);
        }

        var store = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(ICacheStore) && !descriptor.IsKeyedService)
            ?? throw new InvalidOperationException("Register the cache store before its encryption.");
        services.Remove(store);
        services.AddSingleton<ICacheStore>(provider =>
        {
            var encrypted = new EncryptedCacheStore(Resolve(provider, store), key);
            CryptographicOperations.ZeroMemory(key); // the store keeps its own copy
            return encrypted;
        });
        return services;
    }

    /// <summary>What is wrong with a configured key, without repeating it; null when it is a valid key.</summary>
    internal static string? Problem(string encryptionKey)
    {
        if (string.IsNullOrWhiteSpace(encryptionKey))
        {
            return "Cache:EncryptionKey is set but empty: give it 32 random bytes in base64 (e.g. the output of 'openssl rand -base64 32'), " +
                "or leave it out to store cached answers unencrypted.";
        }

        if (!EncryptedCacheStore.TryParseKey(encryptionKey, out var key))
        {
            return "Cache:EncryptionKey must be 32 random bytes in base64 (e.g. the output of 'openssl rand -base64 32'); " +
                "the value given is not (it is a secret, so it is not shown here).";
        }

        CryptographicOperations.ZeroMemory(key);
        return null;
    }

    private static ICacheStore Resolve(IServiceProvider provider, ServiceDescriptor descriptor) =>
        (ICacheStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
