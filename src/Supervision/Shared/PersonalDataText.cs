using System.Text.RegularExpressions;

namespace Supervision.Shared;

/// <summary>
/// Finds and masks personal contact data in free text (R12): mobile numbers, email addresses and valid resident identity
/// numbers (a credit code or a landline is not personal data of a complainant). Referral summaries and joint findings
/// refuse such text; a complaint's own text keeps a masked display and its original encrypted.
/// </summary>
public static partial class PersonalDataText
{
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")] private static partial Regex ResidentIdCandidate();
    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")] private static partial Regex Mobile();
    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.-]+")] private static partial Regex Email();

    public static bool Contains(string? text, DateOnly today) =>
        !string.IsNullOrEmpty(text) &&
        (Mobile().IsMatch(text) || Email().IsMatch(text) || ResidentIdCandidate().Matches(text).Any(m => IsResidentId(m.Value, today)));

    /// <summary>
    /// The text with each item masked the usual way (GB/T 35273 de-identification by partial hiding): 138****5678,
    /// z***@example.com, 650102********1234. Everything else is kept as written.
    /// </summary>
    public static string Mask(string text, DateOnly today)
    {
        var masked = ResidentIdCandidate().Replace(text, m => IsResidentId(m.Value, today) ? m.Value[..6] + new string('*', 8) + m.Value[^4..] : m.Value);
        masked = Mobile().Replace(masked, m => m.Value[..3] + "****" + m.Value[^4..]);
        return Email().Replace(masked, m => m.Value[..1] + "***" + m.Value[m.Value.IndexOf('@')..]);
    }

    private static bool IsResidentId(string candidate, DateOnly today) => ResidentId.IsValid(candidate.ToUpperInvariant(), today);
}
