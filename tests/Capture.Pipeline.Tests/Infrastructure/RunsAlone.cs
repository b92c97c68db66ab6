namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>
/// Specs that start many cameras at once on a 2-core machine: run after the parallel specs, one at a time. Beside a
/// spec decoding video they were starved (a 100-camera rig that starts in under a second here took 82 s in CI).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
