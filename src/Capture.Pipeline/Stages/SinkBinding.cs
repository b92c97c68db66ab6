
namespace Capture.Pipeline.Stages;

/// <summary>A sink and the queue in front of it (its full policy decides between back-pressure and dropping).</summary>
public sealed record SinkBinding(IFrameSink Sink, ChannelSettings Queue);
