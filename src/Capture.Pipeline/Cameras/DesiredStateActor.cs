using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Capture.Core.Json;
using static Capture.Pipeline.Cameras.DesiredStates;

namespace Capture.Pipeline.Cameras;

/// <summary>Keeps one camera's <see cref="DesiredState"/> in the journal (see <see cref="DesiredStates"/>).</summary>
/// <remarks>
/// Each change is one event holding the whole state, so recovery needs only the last: older events are deleted every
/// <see cref="EventsKept"/> writes. A state equal to the recorded one is acknowledged without a write.
/// </remarks>
internal sealed class DesiredStateActor : ReceivePersistentActor
{
    private const int EventsKept = 100;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CameraId _id;
    private readonly DesiredState _configured;
    private readonly string _configuredJson;
    private DesiredState _state;
    private string _stateJson;
    private bool _setAside;

    public DesiredStateActor(CameraId id, DesiredState configured)
    {
        (_id, _configured, _state) = (id, configured, configured);
        _configuredJson = Json(configured.Constraints);
        _stateJson = Json(configured);
        PersistenceId = DesiredStates.PersistenceId(id);
        SnapshotPluginId = "akka.persistence.snapshot-store.inmem"; // never saves one (each event is the whole state): no store to consult
        Recover<DesiredStateRecorded>(Recovered);
        Recover<RecoveryCompleted>(_ => RecoveryCompleted());
        Command<Recall>(_ => Sender.Tell(new Recalled(_state)));
        Command<Record>(Write);
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning("Camera {Camera}: could not delete old desired-state events: {Reason}", _id, failed.Cause.Message));
    }

    public override string PersistenceId { get; }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, MediaJson.Options);

    private void Recovered(DesiredStateRecorded recorded)
    {
        // The last event decides: recorded against other configured constraints, it gives way to the configuration.
        _setAside = Json(recorded.Configured) != _configuredJson;
        Remember(_setAside ? _configured : recorded.State);
    }

    private void RecoveryCompleted()
    {
        if (_setAside)
        {
            _log.Info("Camera {Camera}: its configured constraints changed since its desired state was recorded; it starts from the configuration", _id);
        }
    }

    private void Write(Record record)
    {
        if (Json(record.State) == _stateJson)
        {
            Sender.Tell(new Recorded(record.Version));
            return;
        }

        Persist(new DesiredStateRecorded(_configured.Constraints, record.State), recorded =>
        {
            Remember(recorded.State);
            Sender.Tell(new Recorded(record.Version));
            if (LastSequenceNr % EventsKept == 0)
            {
                DeleteMessages(LastSequenceNr - 1);
            }
        });
    }

    private void Remember(DesiredState state) => (_state, _stateJson) = (state, Json(state));
}
