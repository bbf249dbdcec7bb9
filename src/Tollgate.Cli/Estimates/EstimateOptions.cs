using System.CommandLine;
using Tollgate.Cli.Commands;

namespace Tollgate.Cli.Estimates;

/// <summary>The options of <c>tollgate estimate</c>, for a workload and for <c>--from-ledger</c>.</summary>
internal sealed class EstimateOptions
{
    public Option<long> RequestsPerDay { get; } = new("--requests-per-day") { Description = "Requests a day.", DefaultValueFactory = _ => 10_000 };

    public Option<long> InputTokens { get; } = new("--input-tokens") { Description = "Input (prompt) tokens per request.", DefaultValueFactory = _ => 1_000 };

    public Option<long> OutputTokens { get; } = new("--output-tokens") { Description = "Output tokens per request.", DefaultValueFactory = _ => 200 };

    public Option<string?> Model { get; } = new("--model") { Description = "The model the workload names (any name the pricing catalog knows)." };

    public Option<double> CacheHitRate { get; } = new("--cache-hit-rate") { Description = "Share of requests answered from the response cache, 0 to 1." };

    public Option<double> CheaperTierShare { get; } = new("--cheaper-tier-share") { Description = "Share of requests routed to a cheaper model, 0 to 1." };

    public Option<string?> CheaperModel { get; } = new("--cheaper-model") { Description = "Where the cheaper-tier share goes (default: the model catalog's preferred model one tier down in the same family)." };

    public Option<double> BatchShare { get; } = new("--batch-share") { Description = "Share of requests sent through the provider's Batch API at its prices, 0 to 1." };

    public Option<double> CachedPrefixShare { get; } = new("--cached-prefix-share") { Description = "Share of each prompt read from the provider's prompt cache, 0 to 1." };

    public Option<bool> FromLedger { get; } = new("--from-ledger") { Description = "Re-price the ledger's last --days instead of a described workload." };

    public Option<int> Days { get; } = new("--days") { Description = "With --from-ledger: how many days back to read.", DefaultValueFactory = _ => 30 };

    public Option<string?> WhatIfModel { get; } = new("--what-if-model") { Description = "With --from-ledger: re-price every call at this model's prices." };

    public Option<double?> WhatIfCacheHitRate { get; } = new("--what-if-cache-hit-rate") { Description = "With --from-ledger: the cache hit rate to compare with the recorded one, 0 to 1." };

    public Option<string> DataDirectory { get; } = CommonOptions.DataDirectory();

    public Option<string?> Gateway { get; } = new("--gateway") { Description = "With --from-ledger: ask this running gateway (GET /admin/spend) instead of reading the data directory." };

    public Option<string?> AdminKey { get; } = AdminApi.AdminKey();

    public Option<string> Format { get; } = FormatOption();

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[RequestsPerDay, InputTokens, OutputTokens, Model, CacheHitRate, CheaperTierShare, CheaperModel, BatchShare, CachedPrefixShare, FromLedger, Days, WhatIfModel, WhatIfCacheHitRate, DataDirectory, Gateway, AdminKey, Format])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Whether every share is from 0 to 1; otherwise the problem, naming the option.</summary>
    public bool TryShares(ParseResult parse, out string problem)
    {
        foreach (var (option, value) in (ReadOnlySpan<(Option, double?)>)[(CacheHitRate, parse.GetValue(CacheHitRate)), (CheaperTierShare, parse.GetValue(CheaperTierShare)), (BatchShare, parse.GetValue(BatchShare)), (CachedPrefixShare, parse.GetValue(CachedPrefixShare)), (WhatIfCacheHitRate, parse.GetValue(WhatIfCacheHitRate))])
        {
            if (value is < 0 or > 1 || (value is { } v && double.IsNaN(v)))
            {
                problem = $"{option.Name} must be a share from 0 to 1; got {value}.";
                return false;
            }
        }

        problem = string.Empty;
        return true;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "table for people, json for scripts.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }
}
