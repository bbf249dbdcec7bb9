using Microsoft.Extensions.Configuration;
using Tollgate.Core.Budgets;
using Tollgate.Gateway.Alerts;

namespace Tollgate.Gateway;

/// <summary>
/// Everything a user configures about the gateway. Command-line flags, environment variables
/// (<c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>ANTHROPIC_API_KEY</c>, <c>ANTHROPIC_BASE_URL</c>,
/// <c>TOLLGATE_ADMIN_KEY</c>, and <c>Tollgate__Name</c> for any option) and the <c>--config</c> JSON file
/// (a <c>"Tollgate"</c> section) all fill it.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Default listening address.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Default of <see cref="MaxRequestBodyBytes"/>: 32 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 32L * 1024 * 1024;

    /// <summary>Addresses to listen on, separated by <c>;</c>.</summary>
    public string Urls { get; set; } = DefaultUrl;

    /// <summary>Where the SQLite ledger and key store live.</summary>
    public string DataDirectory { get; set; } = ".tollgate";

    /// <summary>Bearer key guarding <c>/admin/*</c>; when unset, admin routes serve loopback callers only.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Who must present a virtual key.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>
    /// Largest request body accepted, in bytes (default 32 MiB, what Anthropic's Messages API accepts; images travel
    /// base64 inside the JSON). Each body is held whole in memory while its request runs.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>How long a provider may take to finish an answer, in seconds.</summary>
    public double UpstreamTimeoutSeconds { get; set; } = 600;

    /// <summary>How long <c>SIGTERM</c> waits for requests in flight, in seconds.</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>A pricing file that adds to or replaces entries of the shipped catalog.</summary>
    public string? PricingFile { get; set; }

    /// <summary>
    /// Commit ledger rows with <c>synchronous=FULL</c> (survives power loss) instead of <c>NORMAL</c>
    /// (survives a process crash; the default).
    /// </summary>
    public bool LedgerFullSync { get; set; }

    /// <summary>
    /// How often, in seconds, what the committed ledger rows add to the hourly rollup the reports read is written (off
    /// the commit of each request; reports add the rows not yet in it, so they are exact either way). Default 5.
    /// </summary>
    public double LedgerRollupFlushSeconds { get; set; } = 5;

    /// <summary>OpenAI-compatible provider.</summary>
    public ProviderOptions OpenAI { get; set; } = new();

    /// <summary>Anthropic provider.</summary>
    public ProviderOptions Anthropic { get; set; } = new();

    /// <summary>The built-in simulated provider, used when no provider is configured.</summary>
    public SimulatedProviderOptions Simulator { get; set; } = new();

    /// <summary>The per-request access log (off by default).</summary>
    public AccessLogOptions AccessLog { get; set; } = new();

    /// <summary><c>GET /metrics</c> and the OpenTelemetry export (<c>Tollgate:Metrics</c>).</summary>
    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>Stored responses of the Responses API: isolation between callers, retention, background settlement.</summary>
    public ResponsesOptions Responses { get; set; } = new();

    /// <summary>The exact response cache (<c>Tollgate:Cache</c>).</summary>
    public CacheOptions Cache { get; set; } = new();

    /// <summary>Output limits and policies of every request (<c>Tollgate:Output</c>); a feature's own <c>Output</c> overrides them.</summary>
    public OutputOptions Output { get; set; } = new();

    /// <summary>The input limit of every request (<c>Tollgate:Input</c>); a feature's own <c>Input</c> overrides it.</summary>
    public InputOptions Input { get; set; } = new();

    /// <summary>
    /// Settings per feature (<c>Tollgate:Features:NAME</c>, the name a request's <c>x-tollgate-feature</c> header or its
    /// virtual key gives), compared without regard to case.
    /// </summary>
    public Dictionary<string, FeatureOptions> Features { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Rate limits (<c>Tollgate:RateLimits</c>): requests, tokens and US dollars a minute per key, user, feature, team, tag or in all.</summary>
    public List<RateLimitOptions> RateLimits { get; set; } = [];

    /// <summary>
    /// Budgets (<c>Tollgate:Budgets</c>, a list): each request is checked against every one that applies to it. Read per
    /// request, so an edit of the <c>--config</c> file applies to the next one; a budget of the same id made through the
    /// admin API overrides the file's until removed.
    /// </summary>
    public List<BudgetDocument> Budgets { get; set; } = [];

    /// <summary>Whether cache hits and coalesced waiters count against budgets at their baseline (<c>Tollgate:Chargeback</c>); a feature's own <c>Chargeback</c> overrides it.</summary>
    public ChargebackOptions Chargeback { get; set; } = new();
    /// <summary>
    /// Tiers (<c>Tollgate:Tiers:NAME</c>): named plans of budgets and rate limits, each applying to every member of the
    /// tier apart. Tier names are compared without regard to case.
    /// </summary>
    public Dictionary<string, TierOptions> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The tier of the keys and users that belong to none (a name of <see cref="Tiers"/>); unset: none.</summary>
    public string? DefaultTier { get; set; }

    /// <summary>Settings per end user (<c>Tollgate:Users:USER</c>): the tier each belongs to.</summary>
    public Dictionary<string, UserOptions> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where alerts go: signed webhooks and how their deliveries are retried (<c>Tollgate:Alerts</c>).</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>
    /// Fallback chains (<c>Tollgate:Fallbacks:MODEL</c>, a list of models): when a call to MODEL fails after its retries
    /// (a 429, a 5xx, a timeout, a connection failure) or its circuit breaker is open, the models of its list are tried
    /// in turn. A feature's own <c>Fallbacks</c> replace the chain of a model they name.
    /// </summary>
    public Dictionary<string, List<string>> Fallbacks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Retries, per-attempt timeouts and circuit breakers of the provider calls (<c>Tollgate:Resilience</c>).</summary>
    public Resilience.ResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// Configuration for the web server beside Tollgate's own section, e.g. the <c>--config</c> file: ASP.NET Core's
    /// <c>Kestrel</c> section (<c>Certificates:Default:Path</c> and <c>Password</c> for <c>https://</c> listeners,
    /// <c>Endpoints</c>, which replace <see cref="Urls"/>, and <c>Protocols</c>). <c>Kestrel__…</c> environment
    /// variables are read in any case. <see cref="GatewayApplication.StartAsync(IConfiguration, Action{Microsoft.Extensions.Logging.ILoggingBuilder}?, Action{Microsoft.Extensions.DependencyInjection.IServiceCollection}?, CancellationToken)"/>
    /// sets it to the configuration it is given.
    /// </summary>
    public IConfiguration? ServerConfiguration { get; set; }
}
