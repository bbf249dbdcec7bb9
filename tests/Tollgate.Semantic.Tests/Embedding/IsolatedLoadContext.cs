using System.Reflection;
using System.Runtime.Loader;

namespace Tollgate.Semantic.Tests.Embedding;

/// <summary>
/// Loads the test's own assemblies afresh, apart from the rest of the test run, so a test can see exactly which
/// assemblies a piece of code pulls in (other tests in the process may have loaded anything already).
/// </summary>
internal sealed class IsolatedLoadContext(string directory) : AssemblyLoadContext("isolated", isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    public IReadOnlyList<string> LoadedNames => [.. Assemblies.Select(a => a.GetName().Name ?? "")];
}
