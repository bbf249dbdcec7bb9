using Tollgate.Semantic.Embedding;

namespace Tollgate.Semantic.Tests;

/// <summary>The real built-in MiniLM model, loaded once for every test that needs it.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public LocalEmbeddingGenerator Generator { get; } = new(LocalEmbeddingModel.MiniLM);

    public void Dispose() => Generator.Dispose();
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM";
}
