namespace Tollgate.Providers.Simulation;

/// <summary>
/// Configures the simulated provider: its latency model, its fault injection and its request log.
/// The defaults answer as fast as possible and inject no fault, so benchmarks measure only the gateway.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Delay before the first token (and before a non-streamed answer), in milliseconds. Default 0.</summary>
    public int TimeToFirstTokenMs { get; set; }

    /// <summary>Output speed after the first token, in tokens per second; 0 or less means no per-token delay. Default 0.</summary>
    public double TokensPerSecond { get; set; }

    /// <summary>Value of the <c>retry-after</c> header (seconds) sent with injected 429 answers. Default 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// How long an injected timeout hangs before answering normally after all, in milliseconds;
    /// 0 (the default) hangs until the client gives up.
    /// </summary>
    public int HangMs { get; set; }

    /// <summary>Seed of the random source that draws faults from <see cref="FaultRates"/>. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Probability of each fault kind per request, drawn independently of the request content.</summary>
    public SimulatorFaultRates FaultRates { get; set; } = new();

    /// <summary>How many requests the log at <c>/_simulator/requests</c> keeps (the newest). Default 100 000.</summary>
    public int RequestLogCapacity { get; set; } = 100_000;

    /// <summary>
    /// Keep each request's raw body in its request log entry (the <c>body</c> field of
    /// <c>/_simulator/requests</c>), so tests can see exactly what a gateway forwarded. Off by default: it
    /// costs a copy of every body.
    /// </summary>
    public bool RecordBodies { get; set; }

    /// <summary>
    /// Keep what each request carried in its headers in its request log entry: the credential headers
    /// (<c>authorization</c>, <c>x-api-key</c>, <c>api-key</c>) as SHA-256 fingerprints, never in clear, and the
    /// protocol headers (<c>anthropic-version</c>, <c>anthropic-beta</c>, <c>openai-organization</c>, …) as sent, so
    /// tests can see which credential a gateway forwarded. Off by default.
    /// </summary>
    public bool RecordHeaders { get; set; }

    /// <summary>
    /// How long a stream stays open after its final event (<c>data: [DONE]</c>, <c>message_stop</c>) before
    /// the response ends, in milliseconds, as a slow connection or proxy would keep it. Default 0.
    /// </summary>
    public int CloseDelayMs { get; set; }

    /// <summary>
    /// How many prompt prefixes the prompt caches keep, the least recently used going first: every 128-token step of an
    /// OpenAI prompt of 1,024 tokens or more, every cache breakpoint of an Anthropic one. 0 turns prompt caching off.
    /// Default 10 000.
    /// </summary>
    public int PromptCacheEntries { get; set; } = 10_000;

    /// <summary>
    /// How long an OpenAI cached prefix stays cached after it was last used, in seconds (OpenAI: "typically 5–10
    /// minutes of inactivity"); a request with <c>"prompt_cache_retention": "24h"</c> keeps its prefixes 24 hours.
    /// Default 300.
    /// </summary>
    public int OpenAIPromptCacheIdleSeconds { get; set; } = 300;

    /// <summary>
    /// How many responses of the Responses API the simulator keeps for <c>GET /v1/responses/{id}</c>,
    /// <c>previous_response_id</c> and the other routes that read them (those made with <c>store: false</c> are never kept),
    /// the oldest going first. Default 10 000.
    /// </summary>
    public int StoredResponses { get; set; } = 10_000;

    /// <summary>
    /// How long a Responses API <c>background</c> response stays <c>in_progress</c> before it completes, in milliseconds.
    /// Default 1 000.
    /// </summary>
    public int BackgroundMs { get; set; } = 1_000;

    /// <summary>The clock of the prompt caches' lifetimes and of background responses; tests pass one they can move. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Reads options from command-line style arguments (<c>--ttft-ms 200 --tokens-per-second 50
    /// --retry-after 2 --hang-ms 0 --seed 7 --fault-429 0.1 --fault-500 0 --fault-529 0 --fault-timeout 0
    /// --fault-stream-cut 0 --request-log 1000 --record-bodies --record-headers --close-delay-ms 0 --prompt-cache-entries 10000
    /// --openai-cache-idle-seconds 300 --stored-responses 10000 --background-ms 1000</c>); arguments it does not know are ignored so a host
    /// can share its argument list.
    /// </summary>
    /// <exception cref="ArgumentException">A known option has a missing or malformed value.</exception>
    public static SimulatorOptions FromArgs(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--ttft-ms":
                    options.TimeToFirstTokenMs = ReadInt(args, ref i, 0);
                    break;
                case "--tokens-per-second":
                    options.TokensPerSecond = ReadDouble(args, ref i, 0, double.MaxValue);
                    break;
                case "--retry-after":
                    options.RetryAfterSeconds = ReadInt(args, ref i, 0);
                    break;
                case "--hang-ms":
                    options.HangMs = ReadInt(args, ref i, 0);
                    break;
                case "--seed":
                    options.Seed = ReadInt(args, ref i, int.MinValue);
                    break;
                case "--request-log":
                    options.RequestLogCapacity = ReadInt(args, ref i, 1);
                    break;
                case "--record-bodies":
                    options.RecordBodies = true;
                    break;
                case "--record-headers":
                    options.RecordHeaders = true;
                    break;
                case "--close-delay-ms":
                    options.CloseDelayMs = ReadInt(args, ref i, 0);
                    break;
                case "--prompt-cache-entries":
                    options.PromptCacheEntries = ReadInt(args, ref i, 0);
                    break;
                case "--openai-cache-idle-seconds":
                    options.OpenAIPromptCacheIdleSeconds = ReadInt(args, ref i, 1);
                    break;
                case "--stored-responses":
                    options.StoredResponses = ReadInt(args, ref i, 1);
                    break;
                case "--background-ms":
                    options.BackgroundMs = ReadInt(args, ref i, 0);
                    break;
                case "--fault-429":
                    options.FaultRates.RateLimited = ReadDouble(args, ref i, 0, 1);
                    break;
                case "--fault-500":
                    options.FaultRates.ServerError = ReadDouble(args, ref i, 0, 1);
                    break;
                case "--fault-529":
                    options.FaultRates.Overloaded = ReadDouble(args, ref i, 0, 1);
                    break;
                case "--fault-timeout":
                    options.FaultRates.Timeout = ReadDouble(args, ref i, 0, 1);
                    break;
                case "--fault-stream-cut":
                    options.FaultRates.StreamCut = ReadDouble(args, ref i, 0, 1);
                    break;
            }
        }

        options.Validate();
        return options;
    }

    /// <summary>Checks that every value is in range.</summary>
    /// <exception cref="ArgumentException">A value is out of range, naming it.</exception>
    public void Validate()
    {
        Require(TimeToFirstTokenMs >= 0, nameof(TimeToFirstTokenMs), "must not be negative");
        Require(TokensPerSecond >= 0 && !double.IsNaN(TokensPerSecond), nameof(TokensPerSecond), "must not be negative");
        Require(RetryAfterSeconds >= 0, nameof(RetryAfterSeconds), "must not be negative");
        Require(HangMs >= 0, nameof(HangMs), "must not be negative");
        Require(CloseDelayMs >= 0, nameof(CloseDelayMs), "must not be negative");
        Require(RequestLogCapacity >= 1, nameof(RequestLogCapacity), "must be at least 1");
        Require(PromptCacheEntries >= 0, nameof(PromptCacheEntries), "must not be negative");
        Require(StoredResponses >= 1, nameof(StoredResponses), "must be at least 1");
        Require(BackgroundMs >= 0, nameof(BackgroundMs), "must not be negative");
        Require(OpenAIPromptCacheIdleSeconds >= 1, nameof(OpenAIPromptCacheIdleSeconds), "must be at least 1");
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(FaultRates, nameof(FaultRates));
        FaultRates.Validate();
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            // The message names the setting; a parameter name would add "(Parameter '…')" to the one line the CLI prints.
            throw new ArgumentException($"{name} {problem}.");
        }
    }

    private static string ReadValue(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"Option {args[i]} needs a value.", nameof(args));
        }

        return args[++i];
    }

    private static int ReadInt(IReadOnlyList<string> args, ref int i, int min)
    {
        var name = args[i];
        var text = ReadValue(args, ref i);
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new ArgumentException($"Option {name} expects an integer of at least {min}, not '{text}'.", nameof(args));
        }

        return value;
    }

    private static double ReadDouble(IReadOnlyList<string> args, ref int i, double min, double max)
    {
        var name = args[i];
        var text = ReadValue(args, ref i);
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"Option {name} expects a number from {min} to {max}, not '{text}'.", nameof(args));
        }

        return value;
    }
}
