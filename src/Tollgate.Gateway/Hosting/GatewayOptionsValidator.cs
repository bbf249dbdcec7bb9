using Microsoft.Extensions.Options;
using Tollgate.Gateway.Alerts;
using Tollgate.Gateway.Caching;
using Tollgate.Core.Responses;
using Tollgate.Gateway.Budgets;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// The checks every <see cref="GatewayOptions"/> must pass: at start, where a failure stops the gateway with these
/// messages, and on every reload of the <c>--config</c> file, where a failure leaves the options in force unchanged
/// (<see cref="LastValidOptionsMonitor{TOptions}"/>). Checks of the <c>"Tollgate"</c> section belong here.
/// </summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    // Timeouts end up in CancelAfter and HostOptions, which take at most about 49 days: bound them well below.
    private const double MaxUpstreamTimeoutSeconds = 86_400;
    private const double MaxShutdownTimeoutSeconds = 3_600;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        if (string.IsNullOrWhiteSpace(options.Urls))
        {
            (failures ??= []).Add("--urls must name at least one address, e.g. http://127.0.0.1:8080.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            (failures ??= []).Add("--data-dir must name a directory.");
        }

        if (options.Auth is null || !Enum.IsDefined(options.Auth.UnauthenticatedLoopback))
        {
            (failures ??= []).Add("Auth:UnauthenticatedLoopback must be UntilFirstKey, Always or Never.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            (failures ??= []).Add("MaxRequestBodyBytes must be at least 1024.");
        }

        // A body is held whole in one pooled array, and the shared pool keeps arrays of up to 1 GiB.
        if (options.MaxRequestBodyBytes > 1L << 30)
        {
            (failures ??= []).Add("MaxRequestBodyBytes must be at most 1073741824 (1 GiB).");
        }

        // Anthropic ties the organization to the key; a setting that would do nothing must not look as if it did.
        if (!string.IsNullOrEmpty(options.Anthropic.Organization) || !string.IsNullOrEmpty(options.Anthropic.Project))
        {
            (failures ??= []).Add("Anthropic:Organization and Anthropic:Project do not exist: an Anthropic key belongs to one organization and workspace.");
        }

        // Written as "not (in range)" so that NaN, which fails every comparison, is out of range too.
        if (!(options.UpstreamTimeoutSeconds > 0 && options.UpstreamTimeoutSeconds <= MaxUpstreamTimeoutSeconds))
        {
            (failures ??= []).Add($"UpstreamTimeoutSeconds must be positive and at most {MaxUpstreamTimeoutSeconds} (one day); it is {options.UpstreamTimeoutSeconds}.");
        }

        if (!(options.ShutdownTimeoutSeconds >= 0 && options.ShutdownTimeoutSeconds <= MaxShutdownTimeoutSeconds))
        {
            (failures ??= []).Add($"ShutdownTimeoutSeconds must be from 0 to {MaxShutdownTimeoutSeconds} (one hour); it is {options.ShutdownTimeoutSeconds}.");
        }

        if (!(options.LedgerRollupFlushSeconds > 0 && options.LedgerRollupFlushSeconds <= 3_600))
        {
            (failures ??= []).Add($"LedgerRollupFlushSeconds must be more than 0 and at most 3600 (one hour); it is {options.LedgerRollupFlushSeconds}.");
        }

        if (!(options.AccessLog.SampleRate >= 0 && options.AccessLog.SampleRate <= 1))
        {
            (failures ??= []).Add($"AccessLog:SampleRate must be from 0 to 1 (the share of requests logged); it is {options.AccessLog.SampleRate}.");
        }

        failures = Metrics.MetricsSettings.Check(options.Metrics, failures);
        if (options.Responses is null || !Enum.IsDefined(options.Responses.Isolation))
        {
            (failures ??= []).Add("Responses:Isolation must be Team, Key or None.");
        }
        else
        {
            if (!ResponseRetention.IsValid(options.Responses.Retention))
            {
                (failures ??= []).Add($"Responses:Retention must be from 01:00:00 (an hour) to 3650.00:00:00 (ten years); it is {options.Responses.Retention}.");
            }

            if (!(options.Responses.BackgroundPollSeconds >= ResponsesOptions.MinBackgroundPollSeconds && options.Responses.BackgroundPollSeconds <= ResponsesOptions.MaxBackgroundPollSeconds))
            {
                (failures ??= []).Add($"Responses:BackgroundPollSeconds must be from {ResponsesOptions.MinBackgroundPollSeconds} to {ResponsesOptions.MaxBackgroundPollSeconds} (a day); it is {options.Responses.BackgroundPollSeconds}.");
            }
        }

        ValidateCache(options, ref failures);
        ControlOptionsValidation.Validate(options, ref failures);
        Limits.RateLimitSettings.Validate(options, ref failures);
        AlertOptionsValidation.Validate(options.Alerts, ref failures);

        if (options.Simulator.TimeToFirstTokenMs < 0)
        {
            (failures ??= []).Add($"Simulator:TimeToFirstTokenMs must not be negative; it is {options.Simulator.TimeToFirstTokenMs}.");
        }

        if (!(options.Simulator.TokensPerSecond >= 0 && double.IsFinite(options.Simulator.TokensPerSecond)))
        {
            (failures ??= []).Add($"Simulator:TokensPerSecond must be a number from 0 up (0: no per-token delay); it is {options.Simulator.TokensPerSecond}.");
        }

        ConfiguredBudgets.Validate(options.Budgets, ref failures);
        UnitBudgets.Validate(options, ref failures);
        Tiers.TierSettings.Validate(options, ref failures);
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCache(GatewayOptions options, ref List<string>? failures)
    {
        var cache = options.Cache;
        if (cache is null)
        {
            (failures ??= []).Add("Cache must be a section.");
            return;
        }

        if (!Enum.IsDefined(cache.Scope))
        {
            (failures ??= []).Add("Cache:Scope must be Team, Key or Global.");
        }

        if (!Enum.IsDefined(cache.Policy))
        {
            (failures ??= []).Add("Cache:Policy must be Deterministic, Always or Never.");
        }

        if (string.IsNullOrWhiteSpace(cache.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(cache.TimeZone, out _))
        {
            (failures ??= []).Add($"Cache:TimeZone must be an IANA time zone such as UTC or Europe/Berlin; '{cache.TimeZone}' is not one this machine knows.");
        }

        ValidateTtl("Cache:TtlSeconds", cache.TtlSeconds, ref failures);
        if (cache.MemoryLimitBytes < 0)
        {
            (failures ??= []).Add($"Cache:MemoryLimitBytes must not be negative (0 keeps no answer in memory); it is {cache.MemoryLimitBytes}.");
        }

        ValidateSemantic(cache.Semantic, ref failures);
        if (options.Features is null)
        {
            return;
        }

        foreach (var (name, feature) in options.Features)
        {
            if (feature?.Cache is not { } featureCache)
            {
                continue;
            }

            if (featureCache.Semantic is { } semantic && !Enum.IsDefined(semantic))
            {
                (failures ??= []).Add($"Features:{name}:Cache:Semantic must be Auto, Always or Never.");
            }

            ValidateThreshold($"Features:{name}:Cache:SimilarityThreshold", featureCache.SimilarityThreshold, ref failures);
            if (featureCache.Task is { } task && !SemanticGate.IsTaskType(task))
            {
                (failures ??= []).Add($"Features:{name}:Cache:Task must be one of: {string.Join(", ", SemanticGate.TaskTypes)}; it is '{task}'.");
            }

            if (featureCache.Policy is { } policy && !Enum.IsDefined(policy))
            {
                (failures ??= []).Add($"Features:{name}:Cache:Policy must be Deterministic, Always or Never.");
            }

            ValidateTtl($"Features:{name}:Cache:TtlSeconds", featureCache.TtlSeconds, ref failures);
        }
    }

    private static void ValidateSemantic(SemanticCacheOptions? semantic, ref List<string>? failures)
    {
        if (semantic is null)
        {
            (failures ??= []).Add("Cache:Semantic must be a section.");
            return;
        }

        if (!Enum.IsDefined(semantic.Embedder))
        {
            (failures ??= []).Add("Cache:Semantic:Embedder must be MiniLM, ArcticXs or OpenAI.");
        }
        else if (semantic.Embedder == SemanticEmbedder.OpenAI)
        {
            if (!Uri.TryCreate(semantic.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                (failures ??= []).Add("Cache:Semantic:Endpoint must be the http(s) base address of an OpenAI-compatible API (e.g. https://api.openai.com/v1) when Cache:Semantic:Embedder is OpenAI.");
            }

            if (string.IsNullOrWhiteSpace(semantic.Model))
            {
                (failures ??= []).Add("Cache:Semantic:Model must name the embedding model when Cache:Semantic:Embedder is OpenAI.");
            }

            if (semantic.Dimensions is < 1)
            {
                (failures ??= []).Add($"Cache:Semantic:Dimensions must be at least 1; it is {semantic.Dimensions}.");
            }
        }

        ValidateThreshold("Cache:Semantic:SimilarityThreshold", semantic.SimilarityThreshold, ref failures);
    }

    private static void ValidateThreshold(string key, double? threshold, ref List<string>? failures)
    {
        if (threshold is { } value && !(value >= 0 && value <= 1))
        {
            (failures ??= []).Add($"{key} must be from 0 to 1; it is {value}.");
        }
    }

    private static void ValidateTtl(string key, double? seconds, ref List<string>? failures)
    {
        if (seconds is { } value && !(value > 0 && value <= CacheOptions.MaxTtlSeconds))
        {
            (failures ??= []).Add($"{key} must be more than 0 and at most {CacheOptions.MaxTtlSeconds} (fourteen days); it is {value}.");
        }
    }
}
