using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Semantic.Evaluation;

namespace Tollgate.Cli.Samples;

/// <summary>
/// Writes the sample workloads of <c>samples/</c> from the public data sets (<c>samples/README.md</c> names sources,
/// licences and how each line is derived). Deterministic: the same data and seed give the same bytes.
/// </summary>
internal sealed class SampleGenerator(string dataDirectory, int seed)
{
    public const string SupportBotFile = "support-bot.jsonl";
    public const string ChatAssistantFile = "chat-assistant.jsonl";
    public const string LongPrefixFile = "long-prefix.jsonl";

    private const int BlockTokens = 512;

    /// <summary>Blocks of a Mooncake prompt kept; the rest of the prompt is replaced by a question of its own.</summary>
    private const int KeptBlocks = 4;

    /// <summary>
    /// The support bot's arrival times are the Azure trace's divided by this: its first 1,500 requests span about 310 s,
    /// and a quick start should replay in under two minutes without options.
    /// </summary>
    public const int SupportBotTimeCompression = 3;

    /// <summary>Requests of the Mooncake trace the long-prefix sample is chosen from (its first 5.5 minutes).</summary>
    private const int MooncakeWindow = 1_000;

    private string Banking77 => Path.Combine(dataDirectory, "banking77", "train.csv");

    private string AzureConversations => Path.Combine(dataDirectory, "azure-llm-2023", "AzureLLMInferenceTrace_conv.csv");

    private string Mooncake => Path.Combine(dataDirectory, "mooncake", "conversation_trace.jsonl");

    /// <summary>The data files the samples are made from.</summary>
    public IEnumerable<string> Inputs => [Banking77, AzureConversations, Mooncake];

    /// <summary>
    /// <c>support-bot.jsonl</c>: banking77 queries as a support bot's intent classifier sees them. The data set holds each
    /// query once; traffic repeats itself, so intents are drawn by a Zipf law (a few intents are most of the traffic) and,
    /// within an intent, its queries too: popular phrasings come back word for word, the rest are the intent's
    /// paraphrases. Arrival times are the Azure conversation trace's, compressed <see cref="SupportBotTimeCompression"/>
    /// times; each line's label is the query's intent.
    /// </summary>
    public void WriteSupportBot(string path, int count)
    {
        var queries = EvaluationData.ReadBanking77(Banking77);
        var random = new Random(seed);
        var intents = queries.Select(q => q.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        const string system = "You are the triage step of a bank's support chat. Classify the customer's message into exactly one of the bank's 77 support intents and answer with the intent's name only.";
        random.Shuffle(intents);
        var byIntent = queries.GroupBy(q => q.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Shuffled(g.Select(q => q.Text), random), StringComparer.Ordinal);
        var arrivals = AzureArrivals().Take(count).ToList();
        using var output = Open(path);
        for (var i = 0; i < arrivals.Count; i++)
        {
            var intent = intents[Zipf(random, intents.Length, 1.0)];
            var phrasings = byIntent[intent];
            var text = phrasings[Zipf(random, phrasings.Count, 1.2)];
            WriteLine(output, arrivals[i].AtMs / SupportBotTimeCompression, "chat", "support-bot", "customer-" + (1 + Zipf(random, 500, 0.8)), "classification", intent, body =>
            {
                body.WriteString("model", "gpt-4o");
                body.WriteNumber("temperature", 0);
                body.WriteNumber("max_tokens", 150); // room for the simulated provider's prose: a truncated answer is never cached
                Messages(body, system, text);
            });
        }
    }

    /// <summary>
    /// <c>chat-assistant.jsonl</c>: the Azure conversation trace's requests, each a prompt of the trace's context tokens
    /// (filler text, counted with the model's tokenizer) asking for up to its generated tokens, at its arrival time.
    /// </summary>
    public void WriteChatAssistant(string path, int count)
    {
        var text = new SampleText(Vocabulary(), "gpt-4o");
        using var output = Open(path);
        var line = 0;
        foreach (var (atMs, context, generated) in AzureArrivals().Take(count))
        {
            line++;
            var prompt = text.Make(seed * 100_003 + line, context);
            WriteLine(output, atMs, "chat", "chat-assistant", "user-" + (1 + (line * 7919 % 97)), "chat", null, body =>
            {
                body.WriteString("model", "gpt-4o");
                body.WriteNumber("temperature", 0.7);
                body.WriteNumber("max_tokens", Math.Max(1, generated));
                Messages(body, null, prompt);
            });
        }
    }

    /// <summary>
    /// <c>long-prefix.jsonl</c>: Mooncake's requests, each 512-token block id made a block of text drawn from the id, so
    /// requests sharing ids share their prompt's prefix as in the trace. The first four blocks are kept (the last one cut
    /// to the request's input length); a one-line question unique to the request stands for the rest. The requests are
    /// those of the trace's first 1,000 that share their first two blocks with another (<see cref="PrefixSharingRequests"/>).
    /// </summary>
    public void WriteLongPrefix(string path, int count)
    {
        var text = new SampleText(Vocabulary(), "gpt-4.1");
        var blocks = new Dictionary<long, string>();
        using var output = Open(path);
        var line = 0;
        foreach (var trace in PrefixSharingRequests(count))
        {
            line++;
            var root = trace.RootElement;
            var inputLength = root.GetProperty("input_length").GetInt32();
            var prompt = new StringBuilder();
            var ids = root.GetProperty("hash_ids").EnumerateArray().Select(id => id.GetInt64()).Take(KeptBlocks).ToList();
            for (var b = 0; b < ids.Count; b++)
            {
                if (!blocks.TryGetValue(ids[b], out var block))
                {
                    blocks[ids[b]] = block = text.Make(seed * 1_000_003 + (int)(ids[b] % 1_000_000), BlockTokens);
                }

                var room = inputLength - (b * BlockTokens);
                prompt.Append(room >= BlockTokens ? block : string.Concat(Tollgate.Core.Tokens.TokenCounter.Shared.Split("gpt-4.1", block).Take(Math.Max(0, room)))).Append('\n');
            }

            prompt.Append(CultureInfo.InvariantCulture, $"Question {line}: which part of the text above matters most for request {line}, and why?");
            var outputLength = root.GetProperty("output_length").GetInt32();
            WriteLine(output, root.GetProperty("timestamp").GetInt64(), "chat", "doc-qa", "analyst-" + (1 + (line % 13)), null, null, body =>
            {
                body.WriteString("model", "gpt-4.1");
                body.WriteNumber("temperature", 0);
                body.WriteNumber("max_tokens", Math.Clamp(outputLength, 1, 512));
                Messages(body, null, prompt.ToString());
            });
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> requests, among the trace's first <see cref="MooncakeWindow"/>, whose first two
    /// blocks (1,024 tokens, the shortest prefix a provider caches) another request of the window starts with too:
    /// the conversations that come back, as the trace has them.
    /// </summary>
    private IEnumerable<JsonDocument> PrefixSharingRequests(int count)
    {
        var window = File.ReadLines(Mooncake).Take(MooncakeWindow).Select(line => JsonDocument.Parse(line)).ToList();
        static string Head(JsonDocument trace) => string.Join(',', trace.RootElement.GetProperty("hash_ids").EnumerateArray().Take(2).Select(id => id.GetInt64()));
        var heads = window.Where(t => t.RootElement.GetProperty("hash_ids").GetArrayLength() >= 2).GroupBy(Head).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return window.Where(t => t.RootElement.GetProperty("hash_ids").GetArrayLength() >= 2 && heads.Contains(Head(t))).Take(count);
    }

    /// <summary>Arrival time (ms from the first), context tokens and generated tokens of the Azure conversation trace, in order.</summary>
    private IEnumerable<(long AtMs, int Context, int Generated)> AzureArrivals()
    {
        DateTime? first = null;
        foreach (var line in File.ReadLines(AzureConversations).Skip(1))
        {
            var fields = line.Split(',');
            var at = DateTime.ParseExact(fields[0][..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            first ??= at;
            yield return ((long)(at - first.Value).TotalMilliseconds, int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The distinct lower-case words of banking77's queries, sorted: the filler text's vocabulary.</summary>
    private List<string> Vocabulary() =>
        [.. EvaluationData.ReadBanking77(Banking77)
            .SelectMany(q => q.Text.Split([' ', ',', '.', '?', '!', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.ToLowerInvariant())
            .Where(w => w.Length > 1 && w.All(char.IsAsciiLetter))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>A rank from 0 to <paramref name="n"/> − 1 drawn by a Zipf law of exponent <paramref name="s"/>.</summary>
    private static int Zipf(Random random, int n, double s)
    {
        var total = 0.0;
        for (var k = 1; k <= n; k++)
        {
            total += 1 / Math.Pow(k, s);
        }

        var target = random.NextDouble() * total;
        for (var k = 1; k <= n; k++)
        {
            target -= 1 / Math.Pow(k, s);
            if (target <= 0)
            {
                return k - 1;
            }
        }

        return n - 1;
    }

    private static List<string> Shuffled(IEnumerable<string> items, Random random)
    {
        var list = items.Order(StringComparer.Ordinal).ToArray();
        random.Shuffle(list);
        return [.. list];
    }

    private static StreamWriter Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
    }

    private static void Messages(Utf8JsonWriter body, string? system, string user)
    {
        body.WriteStartArray("messages");
        if (system is not null)
        {
            body.WriteStartObject();
            body.WriteString("role", "system");
            body.WriteString("content", system);
            body.WriteEndObject();
        }

        body.WriteStartObject();
        body.WriteString("role", "user");
        body.WriteString("content", user);
        body.WriteEndObject();
        body.WriteEndArray();
    }

    private static void WriteLine(StreamWriter output, long atMs, string protocol, string feature, string user, string? task, string? label, Action<Utf8JsonWriter> writeBody)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("at_ms", atMs);
            json.WriteString("protocol", protocol);
            json.WriteString("feature", feature);
            json.WriteString("user", user);
            if (task is not null)
            {
                json.WriteString("task", task);
            }

            if (label is not null)
            {
                json.WriteString("label", label);
            }

            json.WriteStartObject("body");
            writeBody(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
