using Akka.Actor;

namespace Capture.Pipeline.Cameras;

/// <summary>Commands held in an actor's stash until its camera is live, each with a deadline.</summary>
/// <remarks>
/// Every command waits the same <c>reconnect-wait</c>, so the stash is in deadline order and the overdue ones are at
/// its front. The stash keeps the order across the wait: <see cref="Release"/> puts them back before newer mail.
/// </remarks>
internal sealed class WaitingCommands(TimeSpan wait)
{
    private readonly Queue<DateTimeOffset> _deadlines = new();

    public int Count => _deadlines.Count;

    /// <summary>Stashes the current message until <paramref name="now"/> + the wait.</summary>
    public void Hold(IStash stash, DateTimeOffset now)
    {
        stash.Stash();
        _deadlines.Enqueue(now + wait);
    }

    /// <summary>Takes the overdue commands out of the stash and returns their senders.</summary>
    public IReadOnlyList<IActorRef> TakeOverdue(IStash stash, DateTimeOffset now)
    {
        var held = stash.ClearStash().ToList();
        var overdue = new List<IActorRef>();
        while (overdue.Count < held.Count && _deadlines.TryPeek(out var deadline) && deadline <= now)
        {
            _deadlines.Dequeue();
            overdue.Add(held[overdue.Count].Sender);
        }

        stash.Prepend(held.Skip(overdue.Count));
        return overdue;
    }

    /// <summary>Puts every held command back in the mailbox, ahead of newer messages, in the order they came.</summary>
    public void Release(IStash stash)
    {
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
