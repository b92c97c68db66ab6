using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Capture.Pipeline.Hosting;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Hosting;

/// <summary>The scheduler the rig's actor system runs on: Akka's scheduling contract on the runtime's timer queue.</summary>
public sealed class TimerQueueSchedulerSpecs(ITestOutputHelper output)
    : TestKit(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(CaptureHostingExtensions.ActorSystemDefaults), output: output)
{
    [Fact]
    public void An_actor_system_with_the_rig_defaults_should_run_on_it()
    {
        Assert.IsType<TimerQueueScheduler>(Sys.Scheduler);
    }

    [Fact]
    public void A_message_scheduled_once_should_arrive_once_after_its_delay_though_nothing_else_references_its_timer()
    {
        var clock = Stopwatch.StartNew();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(200), TestActor, "once", ActorRefs.NoSender);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        ExpectMsg("once", TimeSpan.FromSeconds(3));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(190), $"arrived after {clock.Elapsed.TotalMilliseconds} ms");
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_repeated_message_should_arrive_until_it_is_cancelled()
    {
        var cancelable = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), TestActor, "tick", ActorRefs.NoSender);
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");

        cancelable.Cancel();
        ReceiveWhile(TimeSpan.FromMilliseconds(100), message => message); // one may have been on its way
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_message_whose_cancelable_is_already_cancelled_should_never_arrive()
    {
        var cancelable = new Cancelable(Sys.Scheduler);
        cancelable.Cancel();

        Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, TestActor, "never", ActorRefs.NoSender, cancelable);

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_failing_action_should_be_logged_and_later_ones_still_run()
    {
        await EventFilter.Exception<InvalidOperationException>().ExpectOneAsync(() =>
        {
            Sys.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, () => throw new InvalidOperationException("boom"));
            return Task.CompletedTask;
        });

        Sys.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(50), () => TestActor.Tell("after"));
        ExpectMsg("after");
    }

    [Fact]
    public async Task Timers_should_stop_when_the_actor_system_terminates()
    {
        var system = ActorSystem.Create("terminating", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(CaptureHostingExtensions.ActorSystemDefaults));
        int fired = 0;
        system.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), () => Interlocked.Increment(ref fired));
        await AwaitConditionAsync(() => Task.FromResult(Volatile.Read(ref fired) >= 2));

        await system.Terminate();
        int atTermination = Volatile.Read(ref fired);

        Assert.Throws<SchedulerException>(() => system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, () => { }));
        Assert.Equal(0, ((TimerQueueScheduler)system.Scheduler).Pending); // every timer disposed: none can fire again
        Assert.InRange(Volatile.Read(ref fired), atTermination, atTermination + 1); // at most the one in flight
    }
}
