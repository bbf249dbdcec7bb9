using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

// The floor of the end-to-end benchmark: every request forwarded to one upstream by YARP's IHttpForwarder with an
// empty transformer (headers and body pass as they are) and nothing else: no routing table, no transforms, no
// logging per request. What this adds over calling the upstream directly is what any .NET proxy hop costs here.
//   dotnet Tollgate.ForwarderFloor.dll --urls http://127.0.0.1:5100 --upstream http://127.0.0.1:5000
string? urls = null, upstream = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--urls":
            urls = args[i + 1];
            break;
        case "--upstream":
            upstream = args[i + 1];
            break;
        default:
            break;
    }
}

if (urls is null || upstream is null || !Uri.TryCreate(upstream, UriKind.Absolute, out _) || args.Length % 2 != 0)
{
    await Console.Error.WriteLineAsync("usage: Tollgate.ForwarderFloor --urls http://127.0.0.1:PORT --upstream http://HOST:PORT").ConfigureAwait(false);
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
builder.WebHost.UseUrls(urls);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
// YARP logs every forwarded request at Information; the gateway logs none, so neither pays for a console line.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddHttpForwarder();

// The client YARP's documentation recommends for direct forwarding: no proxy, no redirects, no decompression, no
// cookies, no activity headers added.
using var invoker = new HttpMessageInvoker(
    new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    },
    disposeHandler: true);

var app = builder.Build();
app.MapForwarder("/{**catch-all}", upstream.TrimEnd('/'), ForwarderRequestConfig.Empty, HttpTransformer.Empty, invoker);
await app.RunAsync().ConfigureAwait(false);
return 0;
