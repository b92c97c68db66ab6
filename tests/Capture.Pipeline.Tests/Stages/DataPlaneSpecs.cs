using Capture.Pipeline.Cameras;

namespace Capture.Pipeline.Tests.Stages;

/// <summary>The data plane is plain channels and tasks: nothing in Stages/ or Sinks/ may touch Akka.</summary>
public sealed class DataPlaneSpecs
{
    [Fact]
    public void Stages_and_sinks_should_not_reference_Akka()
    {
        var dataPlane = typeof(Rig).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns.StartsWith("Capture.Pipeline.Stages", StringComparison.Ordinal) || ns.StartsWith("Capture.Pipeline.Sinks", StringComparison.Ordinal)))
            .ToArray();

        var offenders = dataPlane.SelectMany(type =>
            type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic).Select(f => f.FieldType)
                .Concat(type.GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly)
                    .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(type.GetInterfaces())
                .Append(type.BaseType ?? typeof(object))
                .Where(used => used.Assembly.GetName().Name!.StartsWith("Akka", StringComparison.Ordinal))
                .Select(used => $"{type.Name} uses {used.FullName}"))
            .ToArray();

        Assert.NotEmpty(dataPlane);
        Assert.Empty(offenders);
    }
}
