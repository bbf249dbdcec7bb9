namespace Tollgate.Providers.Simulation.Responses;

/// <summary>What a route under <c>/v1/responses/{id}</c> does with the stored response.</summary>
internal enum StoredResponseAction
{
    /// <summary><c>GET /v1/responses/{id}</c>.</summary>
    Retrieve,

    /// <summary><c>DELETE /v1/responses/{id}</c>.</summary>
    Delete,

    /// <summary><c>POST /v1/responses/{id}/cancel</c>.</summary>
    Cancel,

    /// <summary><c>GET /v1/responses/{id}/input_items</c>.</summary>
    InputItems,
}
