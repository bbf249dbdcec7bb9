namespace Tollgate.Providers.Simulation.Responses;

/// <summary>
/// The responses the provider keeps (<c>store</c>, the default), in memory and bounded: past its capacity the oldest
/// go first, as if they had expired.
/// </summary>
internal sealed class ResponseStore(int capacity)
{
    private readonly Dictionary<string, StoredResponse> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public void Add(StoredResponse response)
    {
        lock (_gate)
        {
            _byId[response.Id] = response;
            _order.Enqueue(response.Id);
            while (_order.Count > capacity)
            {
                _byId.Remove(_order.Dequeue());
            }
        }
    }

    public StoredResponse? Find(string id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            // The id stays in the order queue until its turn comes; removing it from there would cost a scan.
            return _byId.Remove(id);
        }
    }
}
