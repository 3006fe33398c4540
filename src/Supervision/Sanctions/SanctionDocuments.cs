using Supervision.Documents;
using Supervision.Shared;

namespace Supervision.Sanctions;

/// <summary>
/// Printable, self-contained HTML of 行政处罚事先告知书 (R15, R16), 行政处罚决定书 (R18), 处分建议书 (R20)
/// and 涉嫌犯罪案件移送书 (R21), rendered from the case state.
/// </summary>
public static class SanctionDocuments
{
    /// <summary>The document of this type and number of the case; null when the case has no such document.</summary>
    public static string? Render(SanctionCase c, Jurisdiction department, string type, string number) => type switch
    {
        DocumentTypes.PenaltyNotice when number == c.NoticeNumber => PenaltyNotice(c, department, Current(c), null),
        DocumentTypes.PenaltyNotice => c.SupersededNotices.FirstOrDefault(n => n.Number == number) is { } old ? PenaltyNotice(c, department, old, old) : null,
        DocumentTypes.PenaltyDecision => PenaltyDecision(c, department),
        DocumentTypes.HearingNotice => c.HearingNotices.FirstOrDefault(n => n.Number == number) is { } h ? HearingNoticeLetter(c, h, department) : null,
        DocumentTypes.HearingRecord => c.HearingRecords.FirstOrDefault(n => n.Number == number) is { } r ? HearingRecordPage(c, r, department) : null,
        DocumentTypes.FilingApproval => c.FilingApproval?.DocumentNumber == number ? FilingApprovalForm(c, c.FilingApproval, department) : null,
        DocumentTypes.ClosingApproval => c.ClosingApproval?.ApprovalNumber == number ? ClosingApprovalForm(c, c.ClosingApproval, department) : null,
        DocumentTypes.InquiryRecord => c.Inquiries.FirstOrDefault(n => n.DocumentNumber == number) is { } q ? InquiryRecordPage(c, q, department) : null,
        DocumentTypes.DisciplineRecommendation => c.DisciplineRecommendations.FirstOrDefault(r => r.DocumentNumber == number) is { } r
            ? DisciplineRecommendationLetter(c, r, department) : null,
        DocumentTypes.CriminalTransfer => c.TransferLetterNumber == number ? CriminalTransferLetter(c, department) : null,
        DocumentTypes.DecisionChange or DocumentTypes.DecisionRevocation => c.DecisionChanges.FirstOrDefault(x => x.DocumentNumber == number) is { } change
            ? DecisionChangeLetter(c, change, department) : null,
        _ => null,
    };

    /// <summary>The document types a sanction case issues (rendered by <see cref="Render"/>, read by who may read the case).</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>
    {
        DocumentTypes.PenaltyNotice, DocumentTypes.HearingNotice, DocumentTypes.HearingRecord, DocumentTypes.InquiryRecord, DocumentTypes.ClosingApproval,
        DocumentTypes.FilingApproval, DocumentTypes.PenaltyDecision, DocumentTypes.DecisionChange, DocumentTypes.DecisionRevocation,
        DocumentTypes.DisciplineRecommendation, DocumentTypes.CriminalTransfer,
    };

    /// <summary>
    /// 变更/撤销行政处罚决定书 (R19): a decision of its own that names the original decision, the reason and, for a change,
    /// the decision as changed, with the party's remedies against it; the original stays as issued.
    /// </summary>
    public static string DecisionChangeLetter(SanctionCase c, DecisionChange change, Jurisdiction department)
    {
        var revoked = change.Kind == DecisionChangeKind.Revoked;
        var title = revoked ? "撤销行政处罚决定书" : "变更行政处罚决定书";
        var dept = c.DecisionDepartmentName ?? department.DepartmentName;
        var what = revoked
            ? "<p>本机关决定：<strong>撤销该行政处罚决定</strong>。原决定书所载通报批评不再执行，已公开的，本机关依法撤回。</p>"
            : $"<p>本机关决定对该行政处罚决定作如下变更：<strong>{H(change.Changes)}</strong>。原决定书其他内容不变。</p>";
        return Page($"{change.DocumentNumber} {title}", $$"""
        <div class="dept">{{H(dept)}}</div>
        <h1>{{title}}</h1>
        <div class="number">{{H(change.DocumentNumber)}}</div>
        <p>当事人：{{Party(c)}}</p>
        <p>本机关于{{D(c.DecidedOn)}}作出{{H(change.OriginalNumber ?? c.DecisionNumber)}}《行政处罚决定书》。因{{H(change.Reason)}}，依据《中华人民共和国行政处罚法》第六十五条的规定：</p>
        {{what}}
        {{(revoked ? "" : $"<p>{H(c.Remedies)}</p>")}}
        <p>负责人：{{H(change.ChangerName ?? change.ChangedBy)}}</p>
        <div class="sign">
          <div>{{H(dept)}}（印章）</div>
          <div>{{D(WorkingDayCalendar.BeijingToday(change.ChangedAt))}}</div>
        </div>
        <p class="note">本决定书一式两份，一份送达当事人，一份存档。</p>
        """);
    }

    private static string H(string? s) => DocumentPage.H(s);
    private static string D(DateOnly? d) => DocumentPage.Date(d);

    public static string ScopeText(PenaltyScope? scope) => scope switch
    {
        PenaltyScope.Unit => "在当事单位内部通报批评",
        PenaltyScope.Jurisdiction => "在本行政区域内通报批评",
        PenaltyScope.Public => "通报批评并向社会公开",
        _ => "",
    };

    private static string Party(SanctionCase c) =>
        H(c.PartyName) + (string.IsNullOrEmpty(c.PartyCreditCode) ? "" : $"（统一社会信用代码：{H(c.PartyCreditCode)}）");

    private static string Violation(SanctionCase c)
    {
        var item = SanctionCatalogue.Find(c.Violation)!;
        return $"{SanctionCatalogue.Basis(item)}“{H(item.Wording)}”";
    }

    /// <summary>The notice in force, in the shape of a superseded one (the same text renders both).</summary>
    private static SupersededNotice Current(SanctionCase c) => new(c.NoticeNumber ?? "", c.NoticeFacts ?? "", c.NoticeReasons ?? "", c.NoticeBasis ?? "",
        c.NoticedScope ?? PenaltyScope.Unit, c.NoticeIssuedOn ?? default, c.DefenceDeadline ?? default, c.Rights ?? "", c.PartyDefended, c.Evidence.Count, "", "", default,
        c.NoticeSignatories, c.NoticeEvidenceIds, c.EvidenceCountAtDefence);

    /// <summary>
    /// R1: the officers recorded as signing the issuing event. Events recorded before signatories were chosen carried the
    /// case's investigators as their signatories; only those legacy events fall back to the list they were issued with.
    /// </summary>
    private static string Signed(Signatory[]? signatories, SanctionCase c) =>
        H(string.Join("、", (signatories ?? c.Investigators).Select(s => s.ToString())));

    private static string CitedEvidence(SanctionCase c, string[]? ids) => ids is not { Length: > 0 } ? "" :
        "<p>证据：</p><ol class=\"evidence\">" + string.Concat(ids.Select(id => c.FindEvidence(id) is { } e ? $"<li>{H(e.ToString())}</li>" : "")) + "</ol>";

    /// <param name="superseded">Set when a supplementary investigation replaced this notice: the page says so (and by which notice).</param>
    public static string PenaltyNotice(SanctionCase c, Jurisdiction department, SupersededNotice n, SupersededNotice? superseded) => Page($"{n.Number} 行政处罚事先告知书", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>行政处罚事先告知书</h1>
        <div class="number">{{H(n.Number)}}</div>
        {{(superseded is null ? "" : $"<p class=\"note superseded\">本告知书已于{D(WorkingDayCalendar.BeijingToday(superseded.SupersededAt))}因补充调查作废（理由：{H(superseded.SupersededBecause)}），{(Successor(c, n.Number) is { } next ? $"以{H(next)}重新告知" : "待重新告知")}。</p>")}}
        <p>{{Party(c)}}：</p>
        <p>经调查，你（单位）存在以下违法事实：{{H(n.Facts)}}</p>
        {{CitedEvidence(c, n.EvidenceIds)}}
        <p>上述行为属于{{Violation(c)}}所列情形。理由：{{H(n.Reasons)}}</p>
        <p>依据{{H(n.Basis)}}的规定，本机关拟对你（单位）作出如下行政处罚：<strong>{{ScopeText(n.Scope)}}</strong>，并责令改正。</p>
        <p>{{H(n.Rights)}}</p>
        <p>陈述、申辩及要求听证的期限：自收到本告知书之日起五个工作日（遇法定节假日顺延）。</p>
        <p>执法人员：{{Signed(n.Signatories, c)}}</p>
        <div class="sign">
          <div>{{H(department.DepartmentName)}}（印章）</div>
          <div>{{D(n.IssuedOn)}}</div>
        </div>
        <p class="note">本告知书一式两份，一份送达当事人，一份存档。</p>
        """);

    /// <summary>The notice issued after the one numbered <paramref name="number"/>, if any.</summary>
    private static string? Successor(SanctionCase c, string number)
    {
        var i = c.SupersededNotices.FindIndex(s => s.Number == number);
        return i < 0 ? null : i + 1 < c.SupersededNotices.Count ? c.SupersededNotices[i + 1].Number : c.NoticeNumber;
    }

    /// <summary>R16: 听证通知书 — when and where, who chairs, and the party's rights at the hearing (APL Art. 64).</summary>
    public static string HearingNoticeLetter(SanctionCase c, HearingNotice h, Jurisdiction department) => Page($"{h.Number} 听证通知书", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>听证通知书</h1>
        <div class="number">{{H(h.Number)}}</div>
        <p>{{Party(c)}}：</p>
        <p>根据你（单位）的申请，本机关定于<strong>{{D(h.HearingOn)}}</strong>在<strong>{{H(h.Place)}}</strong>就拟对你（单位）作出的行政处罚（{{Violation(c)}}所列情形）举行听证，由{{H(h.ChairName)}}主持。</p>
        <p>你（单位）可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，有权申请回避。请携带身份证明及有关证据材料按时参加；无正当理由拒不出席或者未经许可中途退出的，视为放弃听证权利。</p>
        <p>执法人员：{{Signed(h.Signatories, c)}}</p>
        <div class="sign">
          <div>{{H(department.DepartmentName)}}（印章）</div>
          <div>{{D(h.IssuedOn)}}</div>
        </div>
        <p class="note">本通知书一式两份，一份送达当事人，一份存档。</p>
        """);

    /// <summary>
    /// 立案审批表: where the case came from, the party, the provision, the facts as summarised at opening, the proposed
    /// investigators (承办人) and who proposed it when, then the approving leader's opinion, name and date — as recorded.
    /// </summary>
    public static string FilingApprovalForm(SanctionCase c, CaseFilingApproved a, Jurisdiction department)
    {
        string Row(string label, string value) => $"<tr><th>{H(label)}</th><td>{value}</td></tr>";
        var source = c.Source.Kind switch
        {
            SanctionSourceKind.Inspection => "监督检查中发现", SanctionSourceKind.Rectification => "责令限期改正逾期未改正",
            SanctionSourceKind.Complaint => "投诉举报", SanctionSourceKind.Referral => "其他机关移送", _ => "直接发现",
        };
        var proposer = c.Investigators.FirstOrDefault(i => i.UserName == c.OpenedBy)?.DisplayName ?? c.OpenedBy;
        return Page($"{a.DocumentNumber} 立案审批表", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>立案审批表</h1>
        <div class="number">{{H(a.DocumentNumber)}}</div>
        <table class="form">
        {{Row("案件来源", H(source))}}
        {{Row("当事人", Party(c))}}
        {{Row("涉嫌违法行为", Violation(c) + "所列情形")}}
        {{Row("案情摘要", H(c.Summary))}}
        {{Row("承办人", H(string.Join("、", c.Investigators.Select(s => s.ToString()))))}}
        {{Row("立案建议", $"建议立案调查。提出人：{H(proposer)}　{D(WorkingDayCalendar.BeijingToday(c.OpenedAt))}")}}
        {{Row("负责人审批意见", $"{H(a.Opinion)}<br>审批人：{H(a.ApproverName)}　{D(WorkingDayCalendar.BeijingToday(a.ApprovedAt))}")}}
        </table>
        """);
    }

    /// <summary>
    /// 结案审批表: the case, what was decided and how it was carried out, the case's officers (承办人), and the approving leader
    /// with their opinion and the date, as recorded on the closing.
    /// </summary>
    public static string ClosingApprovalForm(SanctionCase c, SanctionCaseClosed closed, Jurisdiction department)
    {
        string Row(string label, string value) => $"<tr><th>{H(label)}</th><td>{value}</td></tr>";
        var decision = c.DecisionNumber is { } n
            ? $"{H(n)}：{H(ScopeText(c.DecidedScope))}（{D(c.DecidedOn)}作出）{(c.DecisionRevoked ? "，已撤销" : "")}"
            : "不予处罚";
        var carriedOut = string.Join("；", new[]
        {
            c.DeliveredOn is { } delivered ? $"决定书已于{D(delivered)}送达" : null,
            c.Published ? "已向社会公开" : c.PublicationWithdrawn ? "公开已撤回" : null,
            c.ComplianceRequirements is { Length: > 0 } req ? $"责令改正：{req}" : null,
        }.Where(x => x is not null));
        return Page($"{closed.ApprovalNumber} 结案审批表", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>结案审批表</h1>
        <div class="number">{{H(closed.ApprovalNumber)}}</div>
        <table class="form">
        {{Row("案由", Violation(c) + "所列情形")}}
        {{Row("当事人", Party(c))}}
        {{Row("立案日期", D(WorkingDayCalendar.BeijingToday(c.OpenedAt)))}}
        {{Row("承办人", H(string.Join("、", c.Investigators.Select(s => s.ToString()))))}}
        {{Row("处理结果", decision)}}
        {{Row("执行情况", H(carriedOut.Length == 0 ? "—" : carriedOut))}}
        {{Row("负责人审批意见", $"{H(closed.Opinion)}<br>审批人：{H(closed.ApproverName)}　{D(WorkingDayCalendar.BeijingToday(closed.ClosedAt))}")}}
        </table>
        """);
    }

    /// <summary>
    /// 询问笔录 (APL Art. 55): the questions and answers as recorded, the rights explained, and the signatures: the person
    /// questioned confirms every page and the end, the two officers sign as 询问人, the recorder as 记录人.
    /// </summary>
    public static string InquiryRecordPage(SanctionCase c, InquiryRecorded q, Jurisdiction department)
    {
        static string T(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日 HH时mm分", System.Globalization.CultureInfo.InvariantCulture);
        var answers = string.Concat(q.Answers.Select(a => $"<p class=\"q\">问：{H(a.Question)}</p><p class=\"a\">答：{H(a.Answer)}</p>"));
        return Page($"{q.DocumentNumber} 询问笔录", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>询问笔录</h1>
        <div class="number">{{H(q.DocumentNumber)}}</div>
        <p>案由：{{Violation(c)}}所列情形　当事人：{{Party(c)}}</p>
        <p>询问时间：{{T(q.StartedAt)}} 至 {{T(q.EndedAt)}}　地点：{{H(q.Place)}}</p>
        <p>被询问人：{{H(q.Person)}}{{(q.Position is null ? "" : $"　职务或与当事人关系：{H(q.Position)}")}}{{(q.IdDocument is null ? "" : $"　身份证件：{H(q.IdDocument)}")}}</p>
        <p>询问人：{{H(string.Join("、", q.Investigators.Select(s => s.ToString())))}}　记录人：{{H(q.RecorderName)}}</p>
        <p>告知：我们是{{H(department.DepartmentName)}}的执法人员，已出示执法证件。依法向你了解有关情况，你应当如实回答，有陈述、申辩的权利；
          认为询问人与本案有利害关系的，有申请回避的权利。（已告知）</p>
        {{answers}}
        <p class="note">以上笔录共 {{q.Answers.Length}} 问，被询问人须逐页签名确认：“以上笔录我已看过（已向我宣读），与我说的相符。”</p>
        <div class="sign">
          <div>被询问人签名：＿＿＿＿＿＿　日期：＿＿＿＿＿＿</div>
          <div>询问人签名：＿＿＿＿＿＿　＿＿＿＿＿＿　记录人签名：＿＿＿＿＿＿</div>
        </div>
        """);
    }

    /// <summary>R16: 听证笔录 — the minutes as the chair recorded them, signed by the chair.</summary>
    public static string HearingRecordPage(SanctionCase c, HearingRecord r, Jurisdiction department) => Page($"{r.Number} 听证笔录", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>听证笔录</h1>
        <div class="number">{{H(r.Number)}}</div>
        <p>案由：{{Violation(c)}}所列情形　当事人：{{Party(c)}}</p>
        <p>听证时间：{{D(r.HeldOn)}}　地点：{{H(r.Place)}}　主持人：{{H(r.ChairName)}}</p>
        <p>调查人员：{{H(string.Join("、", c.Investigators.Select(s => s.ToString())))}}</p>
        {{string.Concat(r.Minutes.Split('\n').Select(line => $"<p>{H(line)}</p>"))}}
        <div class="sign">
          <div>主持人：{{H(r.ChairName)}}　记录：{{H(r.RecordedBy)}}</div>
          <div>{{D(r.HeldOn)}}</div>
        </div>
        <p class="note">当事人核对无误后签名：＿＿＿＿＿＿</p>
        """);

    public static string PenaltyDecision(SanctionCase c, Jurisdiction department)
    {
        // APL Art. 59: the evidence as cited by the decision (kind and description), never a stock line.
        var evidence = "<p>以上事实有下列证据证明：</p><ol class=\"evidence\">" + string.Concat(c.DecisionEvidence.Select(e => $"<li>{H(e)}</li>")) + "</ol>";
        var defence = c.PartyDefended
            ? $"<p>当事人在法定期限内进行了陈述、申辩{(c.HearingHeld ? "并经听证" : "")}，本机关已予复核。</p>"
            : c.DefenceWaived
                ? c.WaiverSignedBy is { } signer && c.WaiverSignedAt is { } signedAt
                    ? $"<p>当事人（{H(signer)}）于{D(WorkingDayCalendar.BeijingToday(signedAt))}书面声明放弃陈述、申辩和要求听证的权利。</p>"
                    : "<p>当事人明确放弃陈述、申辩和要求听证的权利。</p>"
                : "<p>当事人在法定期限内未提出陈述、申辩或听证要求。</p>";
        var comply = c.CorrectionWorkingDays is { } days
            ? $"请自收到本决定书之日起<strong>{days}个工作日</strong>内（遇法定节假日顺延）改正，并将改正情况书面报告本机关。"
            : c.ComplyBy is { } by ? $"请于<strong>{D(by)}</strong>前改正，并将改正情况书面报告本机关。" : "请立即改正，并将改正情况书面报告本机关。";
        var signed = c.DecisionSignatories is { Length: > 0 } s ? $"<p>执法人员：{H(string.Join("、", s.Select(x => x.ToString())))}</p>" : "";
        return Page($"{c.DecisionNumber} 行政处罚决定书", $$"""
        <div class="dept">{{H(c.DecisionDepartmentName ?? department.DepartmentName)}}</div>
        <h1>行政处罚决定书</h1>
        <div class="number">{{H(c.DecisionNumber)}}</div>
        <p>当事人：{{Party(c)}}</p>
        <p>本机关已于{{D(c.NoticeIssuedOn)}}以{{H(c.NoticeNumber)}}《行政处罚事先告知书》告知你（单位）拟作出行政处罚的事实、理由、依据及依法享有的权利。</p>
        {{defence}}
        <p>经查明，你（单位）存在以下违法事实：{{H(c.NoticeFacts)}}</p>
        {{evidence}}
        <p>上述行为属于{{Violation(c)}}所列情形。依据{{H(c.DecisionBasis)}}的规定，本机关决定对你（单位）给予如下行政处罚：<strong>{{ScopeText(c.DecidedScope)}}</strong>。</p>
        <p>责令改正：{{H(c.ComplianceRequirements)}}。{{comply}}</p>
        <p>{{H(c.Remedies)}}</p>
        {{signed}}
        <div class="sign">
          <div>{{H(c.DecisionDepartmentName ?? department.DepartmentName)}}（印章）</div>
          <div>{{D(c.DecidedOn)}}</div>
        </div>
        <p class="note">本决定书一式两份，一份送达当事人，一份存档。</p>
        """);
    }

    /// <summary>处分建议书 (R20, Implementing Regulations Art. 46): to the person's unit or appointing body, which replies in writing.</summary>
    public static string DisciplineRecommendationLetter(SanctionCase c, DisciplineRecommendation r, Jurisdiction department)
    {
        var person = H(r.PersonName) + (string.IsNullOrEmpty(r.Position) ? "" : $"（{H(r.Position)}）");
        var opened = D(WorkingDayCalendar.BeijingToday(c.OpenedAt));
        return Page($"{r.DocumentNumber} 处分建议书", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>处分建议书</h1>
        <div class="number">{{H(r.DocumentNumber)}}</div>
        <p>{{H(r.Recipient)}}：</p>
        {{(c.IsArt44
            ? $"<p>本机关于{opened}对本机关工作人员涉嫌违反{Violation(c)}的行为立案调查。经调查查明：{H(c.Findings)}</p>" +
              $"<p>{person}对上述行为负有责任。依据{H(SanctionCatalogue.Basis(SanctionCatalogue.Find(c.Violation)!))}及《中华人民共和国公职人员政务处分法》第三条的规定，本机关无权对其给予处分，现将本建议书移送贵机关，建议依照管理权限对其依法给予处分：</p>"
            : $"<p>本机关于{opened}对{Party(c)}涉嫌违反{Violation(c)}一案立案调查。经调查查明：{H(c.Findings)}</p>" +
              $"<p>{person}对上述行为负有直接责任。依据《中华人民共和国档案法实施条例》第四十六条及{H(SanctionCatalogue.Basis(SanctionCatalogue.Find(c.Violation)!))}的规定，本机关建议你单位（机关）对其依法给予处分：</p>")}}
        <p><strong>{{H(r.Recommendation)}}</strong></p>
        <p>请于<strong>{{D(r.ReplyDueOn)}}</strong>前将处理结果书面回复本机关。</p>
        <div class="sign">
          <div>{{H(department.DepartmentName)}}（印章）</div>
          <div>{{D(r.IssuedOn)}}</div>
        </div>
        <p class="note">本建议书一式两份，一份送达{{H(r.Recipient)}}，一份存档。</p>
        """);
    }

    /// <summary>涉嫌犯罪案件移送书 (R21, 行政执法机关移送涉嫌犯罪案件的规定 Art. 5–8): to public security, with the head's approval.</summary>
    public static string CriminalTransferLetter(SanctionCase c, Jurisdiction department)
    {
        var evidence = c.Evidence.Count == 0 ? "" :
            "<ol>" + string.Concat(c.Evidence.Select(e => $"<li>{H(e.Kind)}：{H(e.Description)}</li>")) + "</ol>";
        return Page($"{c.TransferLetterNumber} 涉嫌犯罪案件移送书", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>涉嫌犯罪案件移送书</h1>
        <div class="number">{{H(c.TransferLetterNumber)}}</div>
        <p>{{H(c.PublicSecurityOrgan)}}：</p>
        <p>本机关在查处{{Party(c)}}涉嫌违反{{Violation(c)}}一案中，发现其涉嫌犯罪：{{H(c.TransferGrounds)}}</p>
        <p>经本机关负责人于{{D(c.TransferDecidedAt is { } at ? WorkingDayCalendar.BeijingToday(at) : null)}}批准，根据《行政执法机关移送涉嫌犯罪案件的规定》第三条、第五条、第六条的规定，现将该案移送你局，请依法审查。</p>
        <p>附：案件情况的调查报告；涉案物品清单；有关检验报告或者鉴定结论；其他有关涉嫌犯罪的材料。</p>
        {{evidence}}
        <div class="sign">
          <div>{{H(department.DepartmentName)}}（印章）</div>
          <div>{{D(c.TransferredOn)}}</div>
        </div>
        <p class="note">本移送书抄送同级人民检察院。公安机关应当在接受移送书的回执上签字。</p>
        """);
    }

    private static string Page(string title, string body) => DocumentPage.Render(title, body);
}
