using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;
using static Tollgate.Gateway.Tests.Protocols.Answers.StoredForms;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>
/// Both forms of the same answer from the simulated provider, which speaks both wire protocols: its stream assembled is
/// its whole body (but for the ids and timestamps of two separate calls), and its whole body streamed assembles back to
/// itself exactly.
/// </summary>
public sealed class SimulatorRoundTripTests(AnswerSimulator simulator) : IClassFixture<AnswerSimulator>
{
    private const string ChatText = """{"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"Summarise the quarterly plan for the board."}]}""";
    private const string ChatTool = """{"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"Weather in Oslo?"}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","unit"]}}}]}""";
    private const string MessageText = """{"model":"claude-haiku-4-5","max_tokens":512,"temperature":0,"messages":[{"role":"user","content":"Summarise the quarterly plan for the board."}]}""";
    private const string MessageTool = """{"model":"claude-haiku-4-5","max_tokens":512,"messages":[{"role":"user","content":"Weather in Tromsø?"}],"tools":[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}""";
    private const string ResponseText = """{"model":"gpt-4o-mini","temperature":0,"input":"Summarise the quarterly plan for the board."}""";
    private const string ResponseTool = """{"model":"gpt-4o-mini","input":"Weather in Bergen?","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}""";

    public static TheoryData<ExchangeOperation, string, string> Asks => new()
    {
        { ExchangeOperation.ChatCompletions, "v1/chat/completions", ChatText },
        { ExchangeOperation.ChatCompletions, "v1/chat/completions", ChatTool },
        { ExchangeOperation.Messages, "v1/messages", MessageText },
        { ExchangeOperation.Messages, "v1/messages", MessageTool },
        { ExchangeOperation.Responses, "v1/responses", ResponseText },
        { ExchangeOperation.Responses, "v1/responses", ResponseTool },
    };

    [Theory]
    [MemberData(nameof(Asks))]
    public async Task The_simulators_stream_assembled_is_its_whole_answer(ExchangeOperation operation, string path, string ask)
    {
        var whole = await simulator.AskAsync(path, ask, stream: false);
        var stream = await simulator.AskAsync(path, ask, stream: true);

        Assert.Equal(AnswerInspection.Accepted, AnswerForms.Inspect(operation, stream, isEventStream: true));
        AssertSameJson(WithoutIdsAndTimes(Parse(whole)), WithoutIdsAndTimes(Assemble(operation, stream)));
    }

    [Theory]
    [MemberData(nameof(Asks))]
    public async Task The_simulators_whole_answer_streamed_assembles_back_to_itself(ExchangeOperation operation, string path, string ask)
    {
        var whole = await simulator.AskAsync(path, ask, stream: false);

        var stream = AnswerForms.ToEventStream(operation, whole);

        Assert.Equal(AnswerInspection.Accepted, AnswerForms.Inspect(operation, whole, isEventStream: false));
        Assert.Equal(AnswerInspection.Accepted, AnswerForms.Inspect(operation, stream, isEventStream: true));
        AssertSameJson(Parse(whole), Assemble(operation, stream));
    }

    [Fact]
    public async Task The_simulators_stream_and_the_stream_made_from_its_whole_answer_carry_the_same_events_by_kind()
    {
        var whole = await simulator.AskAsync("v1/messages", MessageTool, stream: false);
        var live = await simulator.AskAsync("v1/messages", MessageTool, stream: true);

        var made = AnswerForms.ToEventStream(ExchangeOperation.Messages, whole);

        // Pieces are cut differently; the sequence of kinds, once runs of deltas are folded, is the provider's.
        Assert.Equal(Kinds(live), Kinds(made));
    }

    private static List<string> Kinds(byte[] stream)
    {
        var kinds = new List<string>();
        foreach (var (name, _) in StoredForms.Events(stream))
        {
            if (kinds.Count == 0 || kinds[^1] != name || name != "content_block_delta")
            {
                kinds.Add(name);
            }
        }

        return kinds;
    }
}
