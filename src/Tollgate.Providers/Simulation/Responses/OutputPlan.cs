using System.Text.Json;
using Tollgate.Providers.Simulation.Answers;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>The ids of a response's output items, chosen before any is written so its stream and its stored copy agree.</summary>
/// <param name="WebSearchId">The web search call's id, when the answer starts with one.</param>
/// <param name="SearchQuery">What the web search looked for.</param>
/// <param name="ItemId">The id of the answer's own item: a message or a function call.</param>
internal sealed record OutputPlan(string? WebSearchId, string? SearchQuery, string ItemId)
{
    public static OutputPlan For(ResponsesTurn turn, SimulatedAnswer answer)
    {
        var search = turn.WebSearch ? ResponsesWire.NewId("ws_") : null;
        var query = search is null ? null : Query(turn.Chat.LastUserText ?? string.Empty);
        return new OutputPlan(search, query, ResponsesWire.NewId(answer.ToolCall is null ? "msg_" : "fc_"));
    }

    /// <summary>The finished output items, in order.</summary>
    public IReadOnlyList<JsonElement> Items(SimulatedAnswer answer, bool truncated)
    {
        var items = new List<JsonElement>(2);
        if (WebSearchId is not null)
        {
            items.Add(ResponsesWire.Element(this, static (writer, plan) => ResponsesWire.WriteWebSearchCall(writer, plan.WebSearchId!, "completed"u8, plan.SearchQuery)));
        }

        items.Add(ResponsesWire.Element((this, answer, truncated), static (writer, s) =>
        {
            if (s.answer.ToolCall is { } call)
            {
                ResponsesWire.WriteFunctionCall(writer, s.Item1.ItemId, "completed"u8, call.Id, call.Name, call.ArgumentsJson);
            }
            else
            {
                ResponsesWire.WriteMessage(writer, s.Item1.ItemId, s.truncated ? "incomplete"u8 : "completed"u8, s.answer.Text!.Text);
            }
        }));
        return items;
    }

    /// <summary>A search query a model might write: the question's first words.</summary>
    private static string Query(string question)
    {
        var words = question.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', words.Take(12));
    }
}
