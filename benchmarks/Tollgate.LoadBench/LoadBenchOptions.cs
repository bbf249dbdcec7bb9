using System.Globalization;

namespace Tollgate.LoadBench;

/// <summary>Command-line settings of one benchmark run.</summary>
internal sealed class LoadBenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project benchmarks/Tollgate.LoadBench -- [options]
          --duration S          measured seconds per cell (default 10)
          --warmup S            warm-up seconds per target before measuring (default 5)
          --connections LIST    concurrent connections, comma-separated (default 1,32)
          --rounds N            run every cell N times; the summary takes the median (default 1)
          --client KIND         load generator for non-stream cells: auto, wrk or dotnet (default auto: wrk when installed)
          --no-stream           skip the streaming scenarios
          --cache               also measure exact cache hits: a cacheable request (temperature 0, no cache-control)
                                that the gateway answers from its response cache after the first call, whole and
                                streamed, direct, through the floor and through Tollgate (not --before)
          --cache-only          measure the cache hits only, not the pass-through
          --temperature T       send "temperature": T in the pass-through requests (default: none; either way the
                                response cache may not answer them unless T is 0)
          --budgets             also measure the pass-through through a second gateway of this tree with three budgets
                                that apply to every request and a rate limit that counts every request (limits never
                                reached), its rounds interleaved with the others; the pass-through requests then carry
                                x-tollgate-user and x-tollgate-feature to every target
          --no-build            do not build src/Tollgate.Cli and the forwarder floor in Release first
          --gateway-env N=V     extra environment variable for the gateway processes (repeatable), e.g. DOTNET_gcServer=1
          --before DIR          also measure a gateway built from an earlier commit: DIR holds its tollgate.dll
                                (e.g. /tmp/tollgate-before/src/Tollgate.Cli/bin/Release/net10.0); same settings, own
                                port and data directory, its rounds interleaved with the others
          --breakdown           after the rounds, time each phase inside the gateway (dotnet-counters on the
                                Tollgate.Gateway meter) at 1 connection, non-stream and stream
          --nice N              run the servers and the clients at this nice value (e.g. -5 as root, so other work
                                on a shared machine disturbs the measurement less; default: unchanged)
          --json FILE           also write every cell as JSON
          --repo DIR            repository root (default: found from the working directory)
        """;

    public int DurationSeconds { get; private set; } = 10;

    public int WarmupSeconds { get; private set; } = 5;

    public IReadOnlyList<int> Connections { get; private set; } = [1, 32];

    public int Rounds { get; private set; } = 1;

    public LoadClientKind Client { get; private set; } = LoadClientKind.Auto;

    public bool Stream { get; private set; } = true;

    public bool Build { get; private set; } = true;

    /// <summary>Whether the pass-through scenarios (requests the response cache bypasses) are measured.</summary>
    public bool PassThrough { get; private set; } = true;

    /// <summary>The temperature the pass-through requests carry, as JSON text; null for none.</summary>
    public string? PassThroughTemperature { get; private set; }

    /// <summary>Whether the exact cache hit scenarios are measured.</summary>
    public bool Cache { get; private set; }

    /// <summary>Whether the pass-through is also measured through a gateway with budgets and a rate limit (<see cref="LoadTarget.Budgets"/>).</summary>
    public bool Budgets { get; private set; }

    public IReadOnlyDictionary<string, string> GatewayEnvironment => _gatewayEnvironment;

    public string? JsonPath { get; private set; }

    public int? Nice { get; private set; }

    public string? RepositoryRoot { get; private set; }

    /// <summary>Directory holding the <c>tollgate.dll</c> of an earlier build, measured as <see cref="LoadTarget.Before"/>.</summary>
    public string? BeforeDirectory { get; private set; }

    public bool Breakdown { get; private set; }

    public bool ShowHelp { get; private set; }

    private readonly Dictionary<string, string> _gatewayEnvironment = new(StringComparer.Ordinal);

    public static LoadBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--duration":
                    options.DurationSeconds = PositiveInt(args, ref i, 1, 600);
                    break;
                case "--warmup":
                    options.WarmupSeconds = PositiveInt(args, ref i, 0, 600);
                    break;
                case "--rounds":
                    options.Rounds = PositiveInt(args, ref i, 1, 20);
                    break;
                case "--connections":
                    options.Connections = ConnectionList(Value(args, ref i));
                    break;
                case "--client":
                    options.Client = Value(args, ref i) switch
                    {
                        "auto" => LoadClientKind.Auto,
                        "wrk" => LoadClientKind.Wrk,
                        "dotnet" => LoadClientKind.Dotnet,
                        var other => throw new ArgumentException($"--client expects auto, wrk or dotnet, not '{other}'."),
                    };
                    break;
                case "--no-stream":
                    options.Stream = false;
                    break;
                case "--cache":
                    options.Cache = true;
                    break;
                case "--cache-only":
                    options.Cache = true;
                    options.PassThrough = false;
                    break;
                case "--budgets":
                    options.Budgets = true;
                    break;
                case "--temperature":
                    var temperature = Value(args, ref i);
                    if (!double.TryParse(temperature, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || parsed is < 0 or > 2)
                    {
                        throw new ArgumentException($"--temperature expects a number from 0 to 2, not '{temperature}'.");
                    }

                    options.PassThroughTemperature = parsed.ToString(CultureInfo.InvariantCulture);
                    break;
                case "--no-build":
                    options.Build = false;
                    break;
                case "--gateway-env":
                    var pair = Value(args, ref i);
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--gateway-env expects NAME=VALUE, not '{pair}'.");
                    }

                    options._gatewayEnvironment[pair[..equals]] = pair[(equals + 1)..];
                    break;
                case "--nice":
                    options.Nice = PositiveInt(args, ref i, -20, 19);
                    break;
                case "--json":
                    options.JsonPath = Value(args, ref i);
                    break;
                case "--before":
                    options.BeforeDirectory = Value(args, ref i);
                    break;
                case "--breakdown":
                    options.Breakdown = true;
                    break;
                case "--repo":
                    options.RepositoryRoot = Value(args, ref i);
                    break;
                case "-h" or "--help":
                    options.ShowHelp = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'.");
            }
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }

    private static int PositiveInt(IReadOnlyList<string> args, ref int i, int min, int max)
    {
        var name = args[i];
        var text = Value(args, ref i);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} expects an integer from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    private static int[] ConnectionList(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out result[i]) || result[i] is < 1 or > 1024)
            {
                throw new ArgumentException($"--connections expects integers from 1 to 1024, not '{text}'.");
            }
        }

        return result.Length > 0 ? result : throw new ArgumentException("--connections needs at least one value.");
    }
}
