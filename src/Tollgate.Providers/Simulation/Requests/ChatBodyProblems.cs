namespace Tollgate.Providers.Simulation.Requests;

/// <summary>How a provider words the problems of a chat body that lacks the basic shape <see cref="ChatBody"/> checks.</summary>
internal sealed record ChatBodyProblems(RequestProblem NotAnObject, RequestProblem NoModel, RequestProblem NoMessages, RequestProblem EmptyMessages);
