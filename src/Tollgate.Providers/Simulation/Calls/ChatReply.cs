using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.PromptCaching;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>The answer to one chat call, with what every event of it repeats: its id and creation time.</summary>
/// <param name="Turn">What the request asked.</param>
/// <param name="Answer">The composed answer, the same whole or streamed.</param>
/// <param name="Id">The answer's id, a function of the prompt.</param>
/// <param name="Created">Unix seconds when the answer was composed.</param>
/// <param name="Cache">What the provider's prompt cache read and wrote for the prompt.</param>
internal readonly record struct ChatReply(ChatTurn Turn, SimulatedAnswer Answer, string Id, long Created, PromptCacheUsage Cache);
