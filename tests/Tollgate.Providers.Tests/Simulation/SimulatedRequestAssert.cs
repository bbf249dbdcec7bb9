using Tollgate.Providers.Simulation;

namespace Tollgate.Providers.Tests.Simulation;

/// <summary>Waits briefly for a call to reach the request log: the server records it when the handler ends, after the client gave up.</summary>
internal static class SimulatedRequestAssert
{
    public static void Eventually(SimulatorFixture fixture, string requestId, Action<SimulatedRequest> check)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var entry = fixture.Host.GetRequests().LastOrDefault(r => r.RequestId == requestId);
            if (entry is not null)
            {
                check(entry);
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"request {requestId} was never logged");
            Thread.Sleep(20);
        }
    }
}
