using Supervision.Documents;
using Supervision.Shared;

namespace Supervision.Referrals;

/// <summary>Renders the 案件移送书 (or, for other kinds, the referral letter) from the referral state: printable HTML.</summary>
public static class ReferralDocument
{
    public static string KindTitle(ReferralKind kind) => kind switch
    {
        ReferralKind.CaseTransfer => "案件移送",
        ReferralKind.InformationSharing => "信息通报",
        ReferralKind.JointEnforcement => "联合执法",
        _ => "综合检查",
    };

    public static string Render(Referral r)
    {
        static string H(string? s) => DocumentPage.H(s);
        static string D(DateOnly d) => DocumentPage.Date(d);
        var title = r.Kind == ReferralKind.CaseTransfer ? DocumentTypes.Title(DocumentTypes.ReferralLetter) : $"{KindTitle(r.Kind)}函";
        var documents = r.DocumentNumbers.Length == 0 ? "<li>（无）</li>" : string.Concat(r.DocumentNumbers.Select(n => $"<li>{H(n)}</li>"));
        // A letter (函): its number stands on the right.
        return DocumentPage.Render($"{r.DocumentNumber} {title}", $$"""
        <h1>{{H(title)}}</h1>
        <p class="number">{{H(r.DocumentNumber)}}</p>
        <p>{{H(r.ReceiverName)}}：</p>
        <p>经审查，本机关认为下列事项属于贵单位职责范围（{{H(KindTitle(r.Kind))}}），根据{{LegalCatalogue.RegulationName}}第四十二条的规定，现予移送。</p>
        <p>移送事由：{{H(r.Summary)}}</p>
        <p>随附材料：</p>
        <ol>{{documents}}</ol>
        <p>请于{{D(r.ReplyDueOn)}}前签收，并将处理结果书面反馈本机关。</p>
        <p class="sign">{{H(r.SenderDepartmentName)}}<br>{{D(r.SentOn)}}</p>
        """, ".number { text-align: right; }");
    }
}
