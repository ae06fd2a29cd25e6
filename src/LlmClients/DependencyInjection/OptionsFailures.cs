using LlmClients.Resilience;

namespace LlmClients.DependencyInjection;

/// <summary>Collects a provider instance's option failures, each naming the instance and the configuration key to set.</summary>
/// <param name="name">The instance name.</param>
/// <param name="configPath">The instance's configuration path, for example <c>LlmProviders:deepseek</c>.</param>
internal sealed class OptionsFailures(string name, string configPath)
{
    /// <summary>The longest timeout a cancellation timer takes (<c>uint.MaxValue - 1</c> milliseconds, about 49 days).</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly List<string> _failures = [];

    /// <summary>Gets the validation result.</summary>
    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    /// <summary>Returns the quoted configuration key of a setting, for messages.</summary>
    /// <param name="setting">The setting, for example <c>ApiKey</c>.</param>
    /// <returns>For example <c>'LlmProviders:deepseek:ApiKey'</c>.</returns>
    public string Key(string setting) => $"'{configPath}:{setting}'";

    /// <summary>Adds a failure, prefixed with the instance name.</summary>
    /// <param name="message">The message.</param>
    public void Add(string message) => _failures.Add($"Provider '{name}': {message}");

    /// <summary>Fails when the API key is blank, naming the configuration key and the environment variable read as fallback.</summary>
    /// <param name="apiKey">The key (never printed).</param>
    /// <param name="environmentVariable">The fallback variable, or null when none applies.</param>
    public void RequireApiKey(string? apiKey, string? environmentVariable)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            Add(environmentVariable is null
                ? $"ApiKey is not set. Set the configuration key {Key("ApiKey")}."
                : $"ApiKey is not set. Set the configuration key {Key("ApiKey")} or the {environmentVariable} environment variable.");
        }
    }

    /// <summary>Fails when a URL is relative (the URL is printed without its query string).</summary>
    /// <param name="setting">The setting name.</param>
    /// <param name="url">The URL, or null when unset.</param>
    /// <param name="example">An example of a valid value, or null.</param>
    public void RequireAbsoluteUrl(string setting, Uri? url, object? example = null)
    {
        if (url is { IsAbsoluteUri: false })
        {
            Add($"{setting} '{Redaction.RedactUri(url)}' is not an absolute URL. Set {Key(setting)} to a full URL{(example is null ? string.Empty : $" such as {example}")}.");
        }
        else if (url is not null && url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            Add($"{setting} '{Redaction.RedactUri(url)}' uses the scheme '{url.Scheme}'; only http and https are supported. Set {Key(setting)} to an http(s) URL{(example is null ? string.Empty : $" such as {example}")}.");
        }
        else if (url is not null && !string.IsNullOrEmpty(url.Fragment))
        {
            Add($"{setting} '{Redaction.RedactUri(url)}' has a fragment ('#...'), which is never sent to a server. Remove it from {Key(setting)}.");
        }
    }

    /// <summary>
    /// Fails when a value that goes into an HTTP header (a key, a header name or value) holds a line break or another control
    /// character, which would end the header early or be refused by the HTTP stack on every call. The value is never printed.
    /// </summary>
    /// <param name="setting">The setting name, for example <c>ApiKey</c> or <c>Headers:appid</c>.</param>
    /// <param name="value">The value, or null.</param>
    public void RequireSingleLine(string setting, string? value)
    {
        if (value is not null && HasControl(value))
        {
            Add($"{setting} holds a line break or another control character (often a pasted trailing newline). Remove it from {Key(setting)}.");
        }

        static bool HasControl(string text)
        {
            foreach (var c in text)
            {
                if (c is '\r' or '\n' or '\0' || (char.IsControl(c) && c != '\t'))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Fails when a count is below one.</summary>
    /// <param name="setting">The setting name.</param>
    /// <param name="value">The value, or null when unset (which passes).</param>
    public void RequireAtLeastOne(string setting, int? value)
    {
        if (value is < 1)
        {
            Add($"{setting} must be at least 1 ({Key(setting)}).");
        }
    }
    /// <summary>Fails on every retry and timeout setting the retry handler and transport cannot use, naming its key.</summary>
    /// <param name="resilience">The settings, or null when configuration cleared them.</param>
    public void RequireValidResilience(LlmResilienceOptions? resilience)
    {
        if (resilience is null)
        {
            Add($"Resilience is null. Remove the null value of {Key("Resilience")}.");
            return;
        }

        if (resilience.MaxRetries < 0)
        {
            Add($"Resilience:MaxRetries must not be negative; 0 turns retry off ({Key("Resilience:MaxRetries")}).");
        }

        RequireNonNegative("Resilience:BaseDelay", resilience.BaseDelay);
        RequireNonNegative("Resilience:MaxDelay", resilience.MaxDelay);
        RequireNonNegative("Resilience:MaxRetryAfter", resilience.MaxRetryAfter);
        RequireTimeout("Resilience:RequestTimeout", resilience.RequestTimeout);
        RequireTimeout("Resilience:FirstByteTimeout", resilience.FirstByteTimeout);
        RequireTimeout("Resilience:StreamIdleTimeout", resilience.StreamIdleTimeout);
        if (resilience.StreamTimeout is { } streamTimeout)
        {
            RequireTimeout("Resilience:StreamTimeout", streamTimeout);
        }

        if (resilience.MaxStreamEventBytes < 1)
        {
            Add($"Resilience:MaxStreamEventBytes must be at least 1 (bytes; the default is 33554432) ({Key("Resilience:MaxStreamEventBytes")}).");
        }

        if (resilience.MaxResponseBytes <= 0 || resilience.MaxResponseBytes > Array.MaxLength)
        {
            Add($"Resilience:MaxResponseBytes must be positive and at most {Array.MaxLength} ({Key("Resilience:MaxResponseBytes")}).");
        }

        if (resilience.MaxErrorBodyBytes <= 0 || resilience.MaxErrorBodyBytes > Array.MaxLength)
        {
            Add($"Resilience:MaxErrorBodyBytes must be positive and at most {Array.MaxLength} ({Key("Resilience:MaxErrorBodyBytes")}).");
        }
    }

    /// <summary>Fails on every client-side limit that cannot work, naming its key.</summary>
    /// <param name="limits">The limits, or null when configuration cleared them.</param>
    public void RequireValidLimits(LlmClients.RateLimiting.LlmRateLimitOptions? limits)
    {
        if (limits is null)
        {
            Add($"Limits is null. Remove the null value of {Key("Limits")}.");
            return;
        }

        RequireAtLeastOne("Limits:RequestsPerMinute", limits.RequestsPerMinute);
        RequireAtLeastOne("Limits:TokensPerMinute", limits.TokensPerMinute);
        RequireAtLeastOne("Limits:MaxConcurrency", limits.MaxConcurrency);
        if (limits.QueueLimit < 0)
        {
            Add($"Limits:QueueLimit must not be negative; 0 means never wait ({Key("Limits:QueueLimit")}).");
        }

        if (limits.MaxQueueWait < TimeSpan.Zero || limits.MaxQueueWait > MaxTimeout)
        {
            Add($"Limits:MaxQueueWait must be between 00:00:00 (never wait) and {MaxTimeout.TotalDays:0} days ({Key("Limits:MaxQueueWait")}).");
        }

        if (limits.Models is null)
        {
            Add($"Limits:Models is null. Remove the null value of {Key("Limits:Models")}.");
            return;
        }

        foreach (var (model, perModel) in limits.Models)
        {
            if (perModel is null)
            {
                Add($"Limits:Models:{model} is empty. Set RequestsPerMinute, TokensPerMinute or MaxConcurrency under {Key($"Limits:Models:{model}")}, or remove it.");
                continue;
            }

            RequireAtLeastOne($"Limits:Models:{model}:RequestsPerMinute", perModel.RequestsPerMinute);
            RequireAtLeastOne($"Limits:Models:{model}:TokensPerMinute", perModel.TokensPerMinute);
            RequireAtLeastOne($"Limits:Models:{model}:MaxConcurrency", perModel.MaxConcurrency);
        }
    }

    private void RequireNonNegative(string setting, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            Add($"{setting} must not be negative ({Key(setting)}).");
        }
    }

    private void RequireTimeout(string setting, TimeSpan value)
    {
        if (value == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            Add($"{setting} must be positive and at most {MaxTimeout.TotalDays:0} days, or -00:00:00.001 (infinite) ({Key(setting)}).");
        }
    }
}
