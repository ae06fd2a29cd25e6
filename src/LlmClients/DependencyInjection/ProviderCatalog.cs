using System.Diagnostics.CodeAnalysis;

namespace LlmClients.DependencyInjection;

/// <summary>
/// The vendors that configuration can name (<c>LlmProviders:&lt;name&gt;:Provider</c>). This part names none: each vendor
/// folder adds itself with one field in its own part of this class (<c>&lt;Vendor&gt;/&lt;Vendor&gt;CatalogEntry.cs</c>), so
/// deleting a vendor folder removes its entry with it.
/// </summary>
internal static partial class ProviderCatalog
{
    // Filled by the vendor parts' field initializers. The order of initializers across partial parts is unspecified, so
    // whichever runs first creates the table; reading this field runs the type initializer, hence every part's.
    private static Dictionary<string, Action<LlmProvidersBuilder, string, IConfigurationSection>>? _vendors;

    /// <summary>Gets the vendor names configuration may use, in alphabetical order.</summary>
    public static IEnumerable<string> Names => (_vendors?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the builder methods of the known vendors for messages, for example <c>AddDashScope|AddOpenAI</c>.</summary>
    public static string BuilderMethods => string.Join("|", Names.Select(n => "Add" + n));

    /// <summary>Finds the registration method of a vendor named in configuration.</summary>
    /// <param name="vendor">The vendor name, case-insensitive.</param>
    /// <param name="register">The method that registers one instance from its configuration section.</param>
    /// <returns>True when the vendor is known.</returns>
    public static bool TryGet(string vendor, [NotNullWhen(true)] out Action<LlmProvidersBuilder, string, IConfigurationSection>? register)
    {
        register = null;
        return _vendors?.TryGetValue(vendor, out register) == true;
    }

    /// <summary>Adds a vendor; called from the vendor parts' field initializers.</summary>
    /// <param name="vendor">The name configuration uses.</param>
    /// <param name="register">Registers one instance from its configuration section.</param>
    /// <returns>The vendor name, for the calling part's field.</returns>
    private static string Add(string vendor, Action<LlmProvidersBuilder, string, IConfigurationSection> register)
    {
        (_vendors ??= new(StringComparer.OrdinalIgnoreCase)).Add(vendor, register);
        return vendor;
    }
}
