namespace LlmClients.Shared;

/// <summary>The one <c>GetService</c> rule of our clients: metadata, instance, vendor-only clients, then the client itself.</summary>
internal static class ClientServices
{
    /// <summary>Finds a service the way Microsoft.Extensions.AI clients do: keyed lookups return null.</summary>
    /// <param name="self">The client.</param>
    /// <param name="serviceType">The requested type.</param>
    /// <param name="serviceKey">The key; any non-null key finds nothing.</param>
    /// <param name="services">The services the client offers, in priority order (null entries are skipped).</param>
    /// <returns>The first offered service of the type, the client itself if it is of the type, or null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is null.</exception>
    public static object? Get(object self, Type serviceType, object? serviceKey, params ReadOnlySpan<object?> services)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        foreach (var service in services)
        {
            if (service is not null && serviceType.IsInstanceOfType(service))
            {
                return service;
            }
        }

        return serviceType.IsInstanceOfType(self) ? self : null;
    }
}
