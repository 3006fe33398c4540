using System.Text.RegularExpressions;
using Supervision.Shared;

namespace Supervision.Tests.Shared;

/// <summary>
/// Every reason a sender can give for a failed delivery has its Chinese text for the pages (issue 14 §2: no English on a
/// page). The reasons are read from the senders' source, so a new reason without a translation fails here.
/// </summary>
public sealed partial class DeliveryFailureTextTests
{
    [Fact]
    public void Every_reason_in_the_senders_has_a_chinese_text()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Supervision.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var senders = new[] { "src/Supervision/Complaints/Notifications/SmtpEmailSender.cs", "src/Supervision/Complaints/Notifications/HttpSmsSender.cs", "src/Supervision/Referrals/ReferralDelivery.cs" };
        var reasons = senders.SelectMany(f => Reason().Matches(File.ReadAllText(Path.Combine(root!.FullName, f))).Select(m => m.Groups[1].Value))
            .Select(r => Regex.Replace(r, "\\{[^}]+\\}", "503")).Distinct().ToList(); // interpolated status codes → a sample code
        Assert.True(reasons.Count >= 15, $"found only {reasons.Count} reasons: {string.Join(" | ", reasons)}");
        foreach (var reason in reasons)
        {
            var text = DeliveryFailureText.Chinese(reason);
            Assert.DoesNotContain("原因见系统日志", text);
            Assert.DoesNotMatch("[A-Za-z]{3,}", text);
        }
        Assert.Equal("邮件服务器拒绝（550）", DeliveryFailureText.Chinese("SMTP 550 mailbox unavailable"));
        Assert.Equal("发送失败（原因见系统日志）", DeliveryFailureText.Chinese("something new"));
    }

    [GeneratedRegex("(?:Fail|DeliveryException)\\(\\$?\"([^\"]+)\"\\)")]
    private static partial Regex Reason();
}
