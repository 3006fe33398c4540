using System.Globalization;
using Supervision.Shared;

namespace Supervision.Web.Pages.Shared;

/// <summary>How the pages write dates, times and names (plain text; the components encode it).</summary>
public static class Fmt
{
    public static string Date(DateOnly? d) => d is { } x ? $"{x.Year}年{x.Month}月{x.Day}日" : "—";
    public static string Time(DateTimeOffset? t) => t is { } x ? x.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string MonthName(string month) => $"{month[..4]}年{int.Parse(month[5..], CultureInfo.InvariantCulture)}月";

    /// <summary>A "(…)" note, or nothing for null.</summary>
    public static string Paren(string? s) => s is null ? "" : $"（{s}）";

    public static string RoleName(string role) => role switch
    {
        Roles.Inspector => "执法检查人员",
        Roles.ComplaintHandler => "投诉举报处理人员",
        Roles.CaseOfficer => "案件承办人员",
        Roles.LegalReviewer => "法制审核人员",
        Roles.Leader => "领导",
        Roles.Admin => "系统管理员",
        _ => role,
    };

    /// <summary>The refusal text of a rule violation, in Chinese where the rule gives it.</summary>
    public static string Message(RuleViolation v) =>
        v.Problem.Extensions.TryGetValue("detail_zh", out var zh) && zh is string s ? s : v.Message;

    /// <summary>An empty query value (a GET form's untouched field) is no filter.</summary>
    public static string? N(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A page number from the query; anything else than a positive number is page 1.</summary>
    public static int PageNumber(string? page) =>
        int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;

    public static string QueryString(IReadOnlyDictionary<string, string?> query, int? page)
    {
        var parts = query.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}").ToList();
        if (page is { } p) parts.Add($"page={p}");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>"（剩余 N 个工作日）" before the due day, else the past text.</summary>
    public static string DaysLeft(WorkingDayCalendar calendar, DateOnly today, DateOnly due, string past = "（已逾期）") =>
        due >= today ? $"（剩余 {calendar.WorkingDaysBetween(today, due)} 个工作日）" : past;
}
