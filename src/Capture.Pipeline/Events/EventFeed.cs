using System.Threading.Channels;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Events;

/// <summary>Events as they happen, to every live subscriber (the service's server-sent events stream).</summary>
/// <remarks>Each subscriber has its own bounded queue: a slow one loses its oldest events, never holds up the others.</remarks>
public sealed class EventFeed
{
    private const int QueueLength = 256;
    private readonly Lock _gate = new();
    private readonly List<Channel<MotionEvent>> _subscribers = [];

    /// <summary>Hands <paramref name="motion"/> to every subscriber.</summary>
    public void Publish(MotionEvent motion)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(motion);
            }
        }
    }

    /// <summary>Every event from now until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<MotionEvent> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<MotionEvent>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        try
        {
            await foreach (var motion in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return motion;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
