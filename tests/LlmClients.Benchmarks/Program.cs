using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project tests/LlmClients.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(LlmClients.Benchmarks.CannedHandler).Assembly).Run(args);
