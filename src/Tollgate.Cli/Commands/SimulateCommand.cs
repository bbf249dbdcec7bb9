using System.CommandLine;
using Tollgate.Gateway.Hosting;
using Tollgate.Providers.Simulation;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate simulate [--urls URL]</c>: the simulated provider as its own HTTP server.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:9090" };
        var ttft = new Option<int>("--ttft-ms") { Description = "Time to first token, in milliseconds (default 0)." };
        var tokensPerSecond = new Option<double>("--tokens-per-second") { Description = "Output speed; 0 means no per-token delay (default 0)." };
        var retryAfter = new Option<int>("--retry-after") { Description = "retry-after seconds on injected 429s.", DefaultValueFactory = _ => 1 };
        var hang = new Option<int>("--hang-ms") { Description = "How long an injected timeout hangs; 0 hangs until the client gives up." };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault draw.", DefaultValueFactory = _ => 42 };
        var fault429 = new Option<double>("--fault-429") { Description = "Probability of a 429 rate-limit answer." };
        var fault500 = new Option<double>("--fault-500") { Description = "Probability of a 500 answer." };
        var fault529 = new Option<double>("--fault-529") { Description = "Probability of a 529 overloaded answer (503 on OpenAI routes)." };
        var faultTimeout = new Option<double>("--fault-timeout") { Description = "Probability of a hang." };
        var faultCut = new Option<double>("--fault-stream-cut") { Description = "Probability of a response cut mid-way." };
        var recordBodies = new Option<bool>("--record-bodies") { Description = "Keep each request's raw body in the request log (GET /_simulator/requests)." };
        var recordHeaders = new Option<bool>("--record-headers") { Description = "Keep each request's protocol headers and credential fingerprints (SHA-256, never the secret) in the request log." };
        var closeDelay = new Option<int>("--close-delay-ms") { Description = "Keep a stream open this long after its final event (default 0)." };
        var promptCacheEntries = new Option<int>("--prompt-cache-entries")
        {
            Description = "Prompt prefixes the provider prompt caches keep, least recently used out first; 0 turns prompt caching off.",
            DefaultValueFactory = _ => 10_000,
        };
        var openAICacheIdle = new Option<int>("--openai-cache-idle-seconds")
        {
            Description = "How long an OpenAI cached prompt prefix lives unused, in seconds; Anthropic prefixes live for the ttl their cache_control asks (5m or 1h).",
            DefaultValueFactory = _ => 300,
        };
        var storedResponses = new Option<int>("--stored-responses")
        {
            Description = "Responses the simulated Responses API keeps for retrieve, delete, cancel, input_items and previous_response_id, oldest out first.",
            DefaultValueFactory = _ => 10_000,
        };
        var backgroundMs = new Option<int>("--background-ms")
        {
            Description = "How long a background response (background: true) stays queued and in progress before it completes, in milliseconds.",
            DefaultValueFactory = _ => 1_000,
        };
        var command = new Command(
            "simulate",
            "Serve the simulated OpenAI and Anthropic provider (deterministic answers, real token counts, provider prompt caching, injected faults). " +
            "OpenAI: a repeated prompt prefix of 1024 tokens or more is reported as cached_tokens, in 128-token steps. " +
            "Anthropic: cache_control breakpoints write their prefix (cache_creation_input_tokens) and later calls within the ttl read it (cache_read_input_tokens). " +
            "The OpenAI Responses API keeps stored responses in memory, and completes background responses after --background-ms.")
        {
            urls, ttft, tokensPerSecond, retryAfter, hang, seed, fault429, fault500, fault529, faultTimeout, faultCut, recordBodies, recordHeaders, closeDelay,
            promptCacheEntries, openAICacheIdle, storedResponses, backgroundMs,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SimulatorOptions
            {
                TimeToFirstTokenMs = parse.GetValue(ttft),
                TokensPerSecond = parse.GetValue(tokensPerSecond),
                RetryAfterSeconds = parse.GetValue(retryAfter),
                HangMs = parse.GetValue(hang),
                Seed = parse.GetValue(seed),
                RecordBodies = parse.GetValue(recordBodies),
                RecordHeaders = parse.GetValue(recordHeaders),
                CloseDelayMs = parse.GetValue(closeDelay),
                PromptCacheEntries = parse.GetValue(promptCacheEntries),
                OpenAIPromptCacheIdleSeconds = parse.GetValue(openAICacheIdle),
                StoredResponses = parse.GetValue(storedResponses),
                BackgroundMs = parse.GetValue(backgroundMs),
                FaultRates = new SimulatorFaultRates
                {
                    RateLimited = parse.GetValue(fault429),
                    ServerError = parse.GetValue(fault500),
                    Overloaded = parse.GetValue(fault529),
                    Timeout = parse.GetValue(faultTimeout),
                    StreamCut = parse.GetValue(faultCut),
                },
            };
            SimulatorHost host;
            try
            {
                options.Validate();
                ListenAddresses.Check(parse.GetValue(urls)!);
                host = await SimulatorHost.StartAsync(options, parse.GetValue(urls)!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is ArgumentException or GatewayStartupException)
            {
                await Console.Error.WriteLineAsync("tollgate: " + exception.Message).ConfigureAwait(false);
                return 2;
            }
            catch (IOException exception)
            {
                await Console.Error.WriteLineAsync("tollgate: could not start: " + exception.Message).ConfigureAwait(false);
                return 2;
            }

            await using (host.ConfigureAwait(false))
            {
                Console.WriteLine($"Simulated provider listening on {host.BaseAddress} (OpenAI: {host.BaseAddress}v1, Anthropic: {host.BaseAddress})");
                try
                {
                    await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return 0;
        });
        return command;
    }
}
