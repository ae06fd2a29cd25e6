namespace LlmClients.Testing;

/// <summary>
/// The vendor route modules. Each vendor adds its own module from a part in its folder
/// (<c>&lt;Vendor&gt;/EmulatorRouteModules.&lt;Vendor&gt;.cs</c>), so deleting a vendor folder removes its routes and
/// nothing here names a vendor.
/// </summary>
internal static partial class EmulatorRouteModules
{
    // Filled by the vendor parts' field initializers. The order of initializers across partial parts is unspecified, so
    // whichever runs first creates the table (no initializer here); reading this field runs the type initializer, hence
    // every part's. Sorted by vendor name so that the mapping order does not depend on the file order.
    private static SortedDictionary<string, Action<IEndpointRouteBuilder, EmulatorState>>? _modules;

    /// <summary>Gets the vendors whose routes are mapped, in ordinal order.</summary>
    public static IEnumerable<string> Vendors => _modules?.Keys ?? Enumerable.Empty<string>();

    /// <summary>Maps every vendor's routes.</summary>
    /// <param name="endpoints">The endpoints to add the routes to.</param>
    /// <param name="state">The emulator's state.</param>
    public static void MapAll(IEndpointRouteBuilder endpoints, EmulatorState state)
    {
        foreach (var map in _modules?.Values ?? Enumerable.Empty<Action<IEndpointRouteBuilder, EmulatorState>>())
        {
            map(endpoints, state);
        }
    }

    /// <summary>Adds a vendor's route module; called from the vendor parts' field initializers.</summary>
    /// <param name="vendor">The vendor name.</param>
    /// <param name="map">Maps the vendor's routes.</param>
    /// <returns>The vendor name, for the calling part's field.</returns>
    private static string Add(string vendor, Action<IEndpointRouteBuilder, EmulatorState> map)
    {
        (_modules ??= new(StringComparer.Ordinal)).Add(vendor, map);
        return vendor;
    }
}
