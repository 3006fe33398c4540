using System.Text.RegularExpressions;

namespace Supervision.Shared;

/// <summary>
/// The reasons a delivery failed are stored and logged in English (safe to log: no address or body in them); pages show
/// them in Chinese. The English reasons are made in SmtpEmailSender, HttpSmsSender and ReferralDelivery.
/// </summary>
public static partial class DeliveryFailureText
{
    public static string Chinese(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return "发送失败";
        if (SmtpCode().Match(reason) is { Success: true } smtp) return $"邮件服务器拒绝（{smtp.Groups[1].Value}）";
        if (StatusCode().Match(reason) is { Success: true } status)
            return reason.StartsWith("SMS", StringComparison.Ordinal) ? $"短信网关返回错误（{status.Groups[1].Value}）" : $"接收部门接口返回错误（{status.Groups[1].Value}）";
        return reason switch
        {
            "SMTP server timed out" => "邮件服务器超时",
            "SMTP protocol error" => "邮件服务器协议错误",
            "SMTP authentication failed" => "邮件服务器认证失败",
            "SMTP TLS handshake failed" => "与邮件服务器建立加密连接失败",
            "SMTP server does not support STARTTLS" => "邮件服务器不支持加密连接",
            "SMTP server unreachable" => "无法连接邮件服务器",
            "SMTP connection lost" => "与邮件服务器的连接中断",
            "email address is not valid" => "电子邮箱地址无效",
            "SMS gateway not configured" => "未配置短信网关",
            "SMS gateway answer has no messageId" => "短信网关的应答缺少消息编号",
            "SMS gateway timed out" => "短信网关超时",
            "SMS gateway unreachable" => "无法连接短信网关",
            "SMS gateway answer is not JSON" => "短信网关的应答格式错误",
            "webhook timed out" => "接收部门接口超时",
            "webhook unreachable" => "无法连接接收部门接口",
            "webhook not configured" => "未配置接收部门接口",
            _ => "发送失败（原因见系统日志）",
        };
    }

    [GeneratedRegex("^SMTP (\\d{3})")]
    private static partial Regex SmtpCode();

    [GeneratedRegex("answered (\\d{3})$")]
    private static partial Regex StatusCode();
}
