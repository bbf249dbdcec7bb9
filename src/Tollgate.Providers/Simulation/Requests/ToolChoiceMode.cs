namespace Tollgate.Providers.Simulation.Requests;

/// <summary>What a request allows the model to do with its tools.</summary>
internal enum ToolChoiceMode
{
    Auto,
    None,
    Required,
    Named,
}
