using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Supervision.Shared;

namespace Supervision.Complaints;

/// <summary>The complainant's personal data (R12). Never logged, never stored or sent in clear.</summary>
public sealed record ComplainantIdentity(string? Name, string? IdNumber, string? Phone, string? Email, string? Address)
{
    /// <summary>How the complainant can be told the result.</summary>
    public NotificationChannel[] ContactChannels() =>
    [
        .. Email is { Length: > 0 } ? [NotificationChannel.Email] : Array.Empty<NotificationChannel>(),
        .. Phone is { } p && PersonalDataRules.IsMobile(p) ? [NotificationChannel.Sms] : Array.Empty<NotificationChannel>(),
        .. Phone is { Length: > 0 } ? [NotificationChannel.Phone] : Array.Empty<NotificationChannel>(),
        .. Address is { Length: > 0 } ? [NotificationChannel.Letter] : Array.Empty<NotificationChannel>(),
    ];

    public static readonly ComplainantIdentity Masked = new("***", "***", "***", "***", "***");
}

public static partial class PersonalDataRules
{
    // ASCII digits only: \d would also take full-width ones.
    [GeneratedRegex(@"^1[3-9][0-9]{9}$")] private static partial Regex Mobile();
    [GeneratedRegex(@"^0[0-9]{2,3}-?[0-9]{7,8}$")] private static partial Regex Landline();

    public static bool IsMobile(string phone) => Mobile().IsMatch(phone);

    /// <summary>Checks the fields; the messages never repeat the value (it is personal data).</summary>
    public static ComplainantIdentity Validate(ComplainantIdentity? c, bool anonymous, DateOnly today)
    {
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var id = new ComplainantIdentity(Clean(c?.Name), Clean(c?.IdNumber)?.ToUpperInvariant(), Clean(c?.Phone)?.Replace(" ", ""), Clean(c?.Email), Clean(c?.Address));
        if (!anonymous && id.Name is null)
            throw RuleViolation.Invalid("field_required", "实名投诉须填写投诉人姓名", "complainant.name is required unless anonymous", "complainant.name");
        if (id.Name is { Length: > 100 }) throw RuleViolation.Invalid("field_too_long", "姓名过长", "complainant.name is too long", "complainant.name");
        if (id.IdNumber is not null && !ResidentId.IsValid(id.IdNumber, today))
            throw RuleViolation.Invalid("invalid_id_number", "居民身份证号码无效（校验码或出生日期不正确）", "complainant.idNumber is not a valid resident ID number", "complainant.idNumber");
        if (id.Phone is not null && !(Mobile().IsMatch(id.Phone) || Landline().IsMatch(id.Phone)))
            throw RuleViolation.Invalid("invalid_phone", "电话号码格式不正确", "complainant.phone is not a valid phone number", "complainant.phone");
        if (id.Email is not null && (id.Email.Length > 254 || !MailAddress.TryCreate(id.Email, out var mail) || mail.Address != id.Email || !id.Email.Contains('.')))
            throw RuleViolation.Invalid("invalid_email", "电子邮箱格式不正确", "complainant.email is not a valid address", "complainant.email");
        if (id.Address is { Length: > 300 }) throw RuleViolation.Invalid("field_too_long", "地址过长", "complainant.address is too long", "complainant.address");
        return id;
    }
}

/// <summary>
/// Encrypts the identity for the event payloads with ASP.NET Core Data Protection; the key ring lives
/// outside the database (Supervision:KeyDirectory), so a database dump alone reveals nobody.
/// </summary>
public sealed class PersonalDataProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Supervision.Complaints.Complainant.v1");
    private readonly IDataProtector _textProtector = provider.CreateProtector("Supervision.Complaints.OriginalText.v1");

    public string ProtectText(OriginalComplaintText text) => _textProtector.Protect(JsonSerializer.Serialize(text));

    public OriginalComplaintText? UnprotectText(string? protectedText) =>
        protectedText is null ? null : JsonSerializer.Deserialize<OriginalComplaintText>(_textProtector.Unprotect(protectedText));

    public string Protect(ComplainantIdentity identity) => _protector.Protect(JsonSerializer.Serialize(identity));

    public ComplainantIdentity Unprotect(string? protectedIdentity) =>
        protectedIdentity is null ? new ComplainantIdentity(null, null, null, null, null) : JsonSerializer.Deserialize<ComplainantIdentity>(_protector.Unprotect(protectedIdentity))!;
}
