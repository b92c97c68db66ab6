// Capture.Host: the rig as a service (systemd-aware; Ctrl-C/SIGTERM stop cameras in order), with its REST API,
// live view and dashboard on http://127.0.0.1:5080.
//   dotnet run --project src/Capture.Host [-- --config path/to/rig.conf] [--urls http://127.0.0.1:5080]
using Capture.Host;

return await CaptureWebApp.RunAsync(args);
