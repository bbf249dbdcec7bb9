using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Tollgate.Gateway.Dashboard;

/// <summary>
/// The dashboard's files, embedded in the gateway's assembly (<c>Dashboard/Assets</c>) so that it works offline with
/// nothing to install: its pages, script and style, and the charting library (Chart.js, see <c>Assets/README.md</c>).
/// Each is read once, with its content type and an ETag from its hash.
/// </summary>
internal sealed class DashboardAssets
{
    private const string ResourcePrefix = "tollgate.ui.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".md"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    private DashboardAssets(FrozenDictionary<string, DashboardAsset> assets) => _assets = assets;

    /// <summary>The assets embedded in the gateway's assembly.</summary>
    public static DashboardAssets Embedded { get; } = Load(typeof(DashboardAssets).Assembly);

    /// <summary>The asset named <paramref name="name"/> (<c>app.js</c> …), or null.</summary>
    public DashboardAsset? Find(string name) => _assets.GetValueOrDefault(name);

    /// <summary>The asset named <paramref name="name"/>, which the gateway ships.</summary>
    public DashboardAsset Get(string name) => Find(name) ?? throw new InvalidOperationException($"The dashboard asset '{name}' is not embedded in the gateway.");

    private static DashboardAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(content), 0, 16).ToLowerInvariant() + "\"";
            assets[name] = new DashboardAsset(name, content, contentType, etag);
        }

        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
