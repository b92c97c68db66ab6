using Capture.Core.Frames;
using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>A sink that remembers sequence numbers, optionally slow or failing.</summary>
internal sealed class RecordingSink(string name, TimeSpan delay = default, bool fail = false) : IFrameSink
{
    public List<long> Sequences { get; } = [];

    public bool Completed { get; private set; }

    public string Name => name;

    public async ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        if (fail)
        {
            throw new IOException($"sink {name} is broken");
        }

        lock (Sequences)
        {
            Sequences.Add(frame.Sequence);
        }
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        Completed = true;
        return ValueTask.CompletedTask;
    }
}
