// Capture.Host: the rig as a service (systemd-aware; Ctrl-C/SIGTERM stop cameras in order), with its REST API,
// live view and dashboard on http://127.0.0.1:5080; and a small CLI against a running service.
//   dotnet run --project src/Capture.Host [-- run] [--config path/to/rig.conf] [--urls http://127.0.0.1:5080]
//   dotnet run --project src/Capture.Host -- cameras
//   dotnet run --project src/Capture.Host -- photo front-door -o photo.jpg [--count 10]
//   dotnet run --project src/Capture.Host -- --help
using Capture.Host.Cli;

return await CaptureCli.RunAsync(args, Console.Out, Console.Error);
