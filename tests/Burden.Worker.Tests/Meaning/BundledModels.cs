using Burden.Worker.Meaning;

namespace Burden.Worker.Tests.Meaning;

/// <summary>The bundled models for every test class in the "bundled models" collection: the process's one shared instance
/// of each (<see cref="ProcessEncoder"/>), so the test assembly loads a model once however many classes use it.</summary>
public sealed class BundledModels
{
    /// <summary>The model named <paramref name="name"/>.</summary>
    public OnnxTextEncoder Get(string name) => ProcessEncoder.Model(ProcessEncoder.CanonicalName(name));
}

[CollectionDefinition(Name)]
public sealed class BundledModelsCollection : ICollectionFixture<BundledModels>
{
    public const string Name = "bundled models";
}
