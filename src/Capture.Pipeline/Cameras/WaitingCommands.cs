using Akka.Actor;

namespace Capture.Pipeline.Cameras;

/// <summary>Commands held in an actor's stash until its camera is live, each with a deadline.</summary>
/// <remarks>
/// Every command waits the same <c>reconnect-wait</c>, so the stash is in deadline order and the overdue ones are at
/// its front. The stash keeps the order across the wait: <see cref="Release"/> puts them back before newer mail.
/// </remarks>
internal sealed class WaitingCommands(TimeSpan wait)
{
    private const string Timer = "expire-waiting";
    private readonly Queue<DateTimeOffset> _deadlines = new();

    /// <summary>Stashes the current message until <paramref name="now"/> + the wait; while any wait, <paramref name="tick"/> comes a few times per wait.</summary>
    public void Hold(IStash stash, ITimerScheduler timers, DateTimeOffset now, object tick)
    {
        stash.Stash();
        _deadlines.Enqueue(now + wait);
        if (!timers.IsTimerActive(Timer))
        {
            timers.StartPeriodicTimer(Timer, tick, TimeSpan.FromTicks(Math.Max(wait.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks)));
        }
    }

    /// <summary>At a tick: takes the overdue commands out of the stash and returns their senders.</summary>
    public IReadOnlyList<IActorRef> TakeOverdue(IStash stash, ITimerScheduler timers, DateTimeOffset now)
    {
        var held = stash.ClearStash().ToList();
        var overdue = new List<IActorRef>();
        while (overdue.Count < held.Count && _deadlines.TryPeek(out var deadline) && deadline <= now)
        {
            _deadlines.Dequeue();
            overdue.Add(held[overdue.Count].Sender);
        }

        stash.Prepend(held.Skip(overdue.Count));
        if (_deadlines.Count == 0)
        {
            timers.Cancel(Timer);
        }

        return overdue;
    }

    /// <summary>Puts every held command back in the mailbox, ahead of newer messages, in the order they came.</summary>
    public void Release(IStash stash, ITimerScheduler timers)
    {
        timers.Cancel(Timer);
        _deadlines.Clear();
        stash.UnstashAll();
    }

    /// <summary>Takes every held command out of the stash and returns their senders.</summary>
    public IReadOnlyList<IActorRef> TakeAll(IStash stash)
    {
        _deadlines.Clear();
        return [.. stash.ClearStash().Select(e => e.Sender)];
    }
}
