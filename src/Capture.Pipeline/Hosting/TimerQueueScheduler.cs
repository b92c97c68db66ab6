using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Capture.Pipeline.Hosting;

/// <summary>
/// An Akka scheduler on the runtime's timer queue: one <see cref="Timer"/> per scheduled message or action, so the
/// process wakes only when one is due.
/// </summary>
/// <remarks>
/// Akka's <see cref="HashedWheelTimerScheduler"/> ticks a periodic timer for the life of the actor system once anything
/// was scheduled: at 100 ms that is ten wake-ups of the timer thread and ten of a pool worker a second, with nothing
/// due, about a fifth of what a one-camera service costs (docs/decisions.md). Every timer of a rig is 50 ms or longer,
/// so the wheel's batching buys nothing here. Selected by <c>akka.scheduler.implementation</c> in
/// <see cref="CaptureHostingExtensions.ActorSystemDefaults"/>.
/// </remarks>
public sealed class TimerQueueScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    private static readonly long s_started = Stopwatch.GetTimestamp();

    // Roots every pending timer (a Timer nobody references is finalised, and never fires) and lets Dispose stop them.
    private readonly ConcurrentDictionary<Scheduled, byte> _pending = new();
    private volatile bool _disposed;

    /// <summary>Called by the actor system with its configuration and log.</summary>
    public TimerQueueScheduler(Config scheduler, ILoggingAdapter log)
        : base(scheduler, log)
    {
    }

    /// <summary>Timers not yet fired for the last time, cancelled or stopped.</summary>
    internal int Pending => _pending.Count;

    /// <inheritdoc />
    public override TimeSpan MonotonicClock => Stopwatch.GetElapsedTime(s_started);

    /// <inheritdoc />
    public override TimeSpan HighResMonotonicClock => Stopwatch.GetElapsedTime(s_started);

    /// <inheritdoc />
    protected override DateTimeOffset TimeNow => DateTimeOffset.UtcNow;

    /// <summary>Stops every pending timer: nothing fires once the actor system has terminated.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var scheduled in _pending.Keys)
        {
            scheduled.Dispose();
        }
    }

    /// <inheritdoc />
    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, new ScheduledTell(receiver, message, sender), cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(initialDelay, interval, new ScheduledTell(receiver, message, sender), cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, new ActionRunnable(action), cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, action, cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, new ActionRunnable(action), cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, action, cancelable);

    private void Schedule(TimeSpan delay, TimeSpan interval, IRunnable action, ICancelable? cancelable)
    {
        if (_disposed)
        {
            throw new SchedulerException("cannot enqueue after timer shutdown");
        }

        if (cancelable?.IsCancellationRequested == true)
        {
            return;
        }

        var scheduled = new Scheduled(this, action, interval, cancelable);
        _pending.TryAdd(scheduled, 0);
        if (_disposed)
        {
            scheduled.Dispose(); // Dispose ran meanwhile and may not have seen this one
            return;
        }

        scheduled.Start(delay);
    }

    /// <summary>One scheduled message or action: its timer, and the cancellation that stops it.</summary>
    private sealed class Scheduled : IDisposable
    {
        private readonly TimerQueueScheduler _owner;
        private readonly IRunnable _action;
        private readonly TimeSpan _interval;
        private readonly ICancelable? _cancelable;
        private readonly Timer _timer;
        private CancellationTokenRegistration _cancellation;

        public Scheduled(TimerQueueScheduler owner, IRunnable action, TimeSpan interval, ICancelable? cancelable)
        {
            _owner = owner;
            _action = action;
            _interval = interval;
            _cancelable = cancelable;

            // The timer must not carry the scheduling caller's execution context (its activity, its async locals) into
            // every later tick, as Akka's own scheduler does not.
            using (ExecutionContext.IsFlowSuppressed() ? default(AsyncFlowControl?) : ExecutionContext.SuppressFlow())
            {
                _timer = new Timer(static state => ((Scheduled)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        public void Start(TimeSpan delay)
        {
            if (_cancelable is not null)
            {
                _cancellation = _cancelable.Token.UnsafeRegister(static state => ((Scheduled)state!).Dispose(), this);
            }

            try
            {
                _timer.Change(delay, _interval);
            }
            catch (ObjectDisposedException)
            {
                // Cancelled while being scheduled: nothing to run.
            }
        }

        public void Dispose()
        {
            _timer.Dispose();
            _cancellation.Dispose();
            _owner._pending.TryRemove(this, out _);
        }

        private void Fire()
        {
            if (_cancelable?.IsCancellationRequested == true)
            {
                Dispose();
                return;
            }

            if (_interval == Timeout.InfiniteTimeSpan)
            {
                Dispose();
            }

            try
            {
                _action.Run();
            }
            catch (Exception ex)
            {
                _owner.Log.Error(ex, "Scheduled action {0} failed.", _action);
            }
        }
    }

    /// <summary>A message told when its timer fires.</summary>
    private sealed class ScheduledTell(ICanTell receiver, object message, IActorRef sender) : IRunnable
    {
        public void Run() => receiver.Tell(message, sender);

        public void Execute() => Run();

        public override string ToString() => $"[{receiver}.Tell({message}, {sender})]";
    }
}
