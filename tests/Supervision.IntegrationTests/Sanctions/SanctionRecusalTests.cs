using System.Text.Json;
using Marten;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Sanctions;

/// <summary>
/// Issue 12 item 2 (sanction cases), through HTTP: the party's recusal request against investigators and the hearing chair is
/// recorded by an investigator and decided by a leader of the handling department (R2, APL Art. 43, 64); a granted recusal
/// takes the officer off every later step and the replacement signs; an undecided request blocks the decision.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SanctionRecusalTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Officer = "urumqi.officer";
    private const string Recused = "urumqi.inspector1"; // 李明
    private const string Replacement = "urumqi.inspector2"; // 艾克拜尔·吐尔逊
    private const string Chair = "urumqi.officer2"; // 努尔古丽·吐尔洪
    private const string Leader = "urumqi.leader";

    private async Task<long> StreamVersion(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))!.Version;
    }

    private async Task<long> Version(Guid id) => (await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{id}"))).GetProperty("version").GetInt64();

    private async Task Refused(Guid id, string user, string step, object body, int status, string code)
    {
        var before = await StreamVersion(id);
        var (actual, problem) = await _api.Post(user, $"/api/sanction-cases/{id}/{step}", body);
        Assert.True(actual == status, $"{step} by {user}: expected {status} {code}, got {actual}: {problem}");
        Assert.Equal(code, problem.Str("code"));
        Assert.Equal(before, await StreamVersion(id));
    }

    private async Task<string> Document(string number)
    {
        var (status, body) = await _api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(number));
        Assert.Equal(200, status);
        return body.GetString()!;
    }

    private object Request(long version, string[] officers, string? receivedOn = null) => new
    {
        version, officerIds = officers, requestedBy = "当事单位负责人张主任", grounds = "李明与本单位负责人系近亲属；主持人曾参与本案前期检查",
        receivedVia = "post", receivedOn = receivedOn ?? app.Day(),
    };

    [Fact]
    public async Task A_granted_recusal_takes_the_officer_off_the_case_and_the_replacement_signs_while_a_pending_one_blocks_the_decision()
    {
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { Officer, Recused }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "拒绝进入库房的现场检查笔录", kind = "现场笔录" }));
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "该单位拒绝执法人员进入档案库房检查", proposedScope = "jurisdiction", severity = "ordinary", socialImpact = false,
        }));
        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", new
        {
            version = 3, facts = "拒绝执法人员进入档案库房", reasons = "拒绝、阻碍监督检查", basis = "《新疆维吾尔自治区档案管理办法》第四十三条",
            signatoryIds = new[] { Officer, Recused }, evidenceIds = new[] { "E1" },
        }));
        await _given.Served(notice.Str("documentNumber"));                                              // 5
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/hearing-request", new { version = 5 })); // 6
        var hearingOn = WorkingDayCalendar.LoadDefault().AddWorkingDays(app.Today, 8).Date;
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/hearing", new
        {
            version = 6, hearingOn, chairId = Chair, signatoryIds = new[] { Officer, Recused },
        }));                                                                                            // 7

        // The request: recorded by an investigator of the case, naming officers of the case, received on a real day.
        var both = new[] { Recused, Chair };
        await Refused(id, Leader, "recusal-requests", Request(7, both), 403, "forbidden");
        await Refused(id, Chair, "recusal-requests", Request(7, both), 403, "forbidden");
        await Refused(id, "kashi.officer", "recusal-requests", Request(7, both), 404, "not_found");
        await Refused(id, Officer, "recusal-requests", Request(7, [Replacement]), 422, "not_on_case");
        await Refused(id, Officer, "recusal-requests", Request(7, both, app.Day(1)), 400, "invalid_received_on");
        await Refused(id, Officer, "recusal-requests", Request(7, both, app.Day(-400)), 422, "received_before_opening");
        await Refused(id, Officer, "recusal-requests", new { version = 7, officerIds = both, requestedBy = "张主任", grounds = "亲属", receivedVia = "pigeon", receivedOn = app.Day() }, 400, "invalid_received_via");
        await Refused(id, Officer, "recusal-requests", Request(6, both), 409, "stale_version");
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/recusal-requests", Request(7, both)));      // 8
        await Refused(id, Officer, "recusal-requests", Request(8, [Recused]), 422, "recusal_pending");

        // Undecided: the investigation goes on (APL Art. 43), nothing is decided and the challenged chair holds no hearing.
        await _api.Ok(_api.Post(Recused, $"/api/sanction-cases/{id}/evidence", new { version = 8, description = "库房门禁记录", kind = "书证" })); // 9
        await Refused(id, Leader, "no-penalty", new { version = 9, reason = "情节轻微" }, 422, "recusal_pending");
        await Refused(id, Chair, "hearing/held", new { version = 9, minutes = "听证笔录" }, 422, "recusal_pending");

        // The decision: a leader of the handling department; the replacement is certified, of the department, not the recused one.
        object Grant(long version, string officer, string replacement) => new { version, officerId = officer, granted = true, reason = "存在近亲属关系", replacementId = replacement };
        await Refused(id, Officer, "recusal-decisions", Grant(9, Recused, Replacement), 403, "forbidden");
        await Refused(id, "region.leader", "recusal-decisions", Grant(9, Recused, Replacement), 403, "forbidden");
        await Refused(id, Leader, "recusal-decisions", Grant(9, Recused, Recused), 422, "investigator_recused");
        await Refused(id, Leader, "recusal-decisions", Grant(9, Recused, "urumqi.inspector3"), 422, "investigator_not_certified");
        await Refused(id, Leader, "recusal-decisions", Grant(9, Recused, "tianshan.inspector"), 422, "replacement_not_of_department");
        await Refused(id, Leader, "recusal-decisions", Grant(9, Recused, Chair), 422, "recusal_pending");
        await Refused(id, Leader, "recusal-decisions", Grant(9, Replacement, Officer), 422, "no_recusal_request");
        await Refused(id, Leader, "recusal-decisions", new { version = 9, officerId = Recused, granted = true, reason = "近亲属" }, 400, "replacement_required");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/recusal-decisions", Grant(9, Recused, Replacement)));   // 10
        await Refused(id, Leader, "recusal-decisions", Grant(10, Chair, Officer), 422, "chair_is_investigator");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/recusal-decisions", Grant(10, Chair, "urumqi.deputy"))); // 11

        var c = await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{id}"));
        Assert.Equal(new[] { Officer, Replacement }, c.GetProperty("investigators").EnumerateArray().Select(i => i.Str("userName")));
        Assert.Equal("urumqi.deputy", c.Str("hearingChairId"));
        Assert.Empty(c.GetProperty("pendingRecusals").EnumerateArray());

        // The recused take no further step, in any role, and are signed by nobody.
        await Refused(id, Recused, "evidence", new { version = 11, description = "补充材料", kind = "书证" }, 403, "investigator_recused");
        await Refused(id, Chair, "hearing/held", new { version = 11, minutes = "听证笔录" }, 403, "investigator_recused");

        // The hearing under the new chair; its record names him, not the recused chair.
        app.AdvanceClockTo(new DateTimeOffset(hearingOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));
        var held = await _api.Ok(_api.Post("urumqi.deputy", $"/api/sanction-cases/{id}/hearing/held", new { version = await Version(id), minutes = "当事人陈述：已配合检查" }));
        var record = await Document(held.Str("documentNumber"));
        Assert.Contains("主持人：周海涛", record);
        Assert.DoesNotContain("努尔古丽", record);
        Assert.DoesNotContain("李明", record);

        await _api.Ok(_api.Post("urumqi.legal", $"/api/sanction-cases/{id}/legal-review", new { version = await Version(id), opinion = "事实清楚，程序合法", approved = true }));
        object Decision(long version, string[] signatories) => new
        {
            version, scope = "jurisdiction", complianceRequirements = "配合监督检查", correctionWorkingDays = 10, evidenceIds = new[] { "E1" }, signatoryIds = signatories,
        };
        var v = await Version(id);
        await Refused(id, Leader, "decision", Decision(v, [Officer, Recused]), 422, "investigator_recused");
        var decision = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(v, [Officer, Replacement])));
        var html = await Document(decision.Str("documentNumber"));
        Assert.Contains("艾克拜尔·吐尔逊（执法证号：乌档执650100002）", html);
        Assert.DoesNotContain("李明", html);
    }

    [Fact]
    public async Task A_refused_recusal_keeps_the_officer_and_lifts_the_block_and_named_Art44_staff_neither_see_it_nor_replace()
    {
        const string named = "urumqi.officer2";
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "工作人员未依法履行监督检查职责",
            investigatorIds = new[] { Officer, Recused }, responsiblePersons = new[] { new { name = "努尔古丽·吐尔洪", userId = named } },
        }), 201)).Id();
        await Refused(id, named, "recusal-requests", Request(1, [Recused]), 404, "not_found");
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/recusal-requests", Request(1, [Recused])));   // 2
        await Refused(id, named, "recusal-decisions", new { version = 2, officerId = Recused, granted = false, reason = "无" }, 404, "not_found");
        await Refused(id, Leader, "recusal-decisions", new { version = 2, officerId = Recused, granted = true, reason = "亲属", replacementId = named }, 422, "replacement_is_responsible");
        await Refused(id, Leader, "recusal-decisions", new { version = 2, officerId = Recused, granted = (bool?)null, reason = "亲属" }, 400, "field_required");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/recusal-decisions", new { version = 2, officerId = Recused, granted = false, reason = "申请理由不成立：无亲属关系" })); // 3

        var c = await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{id}"));
        Assert.Contains(c.GetProperty("investigators").EnumerateArray(), i => i.Str("userName") == Recused);
        var outcome = Assert.Single(c.GetProperty("recusals").EnumerateArray());
        Assert.False(outcome.GetProperty("granted").GetBoolean());
        Assert.Equal("申请理由不成立：无亲属关系", outcome.Str("reason"));
        await _api.Ok(_api.Post(Recused, $"/api/sanction-cases/{id}/evidence", new { version = 3, description = "值班记录", kind = "书证" }));
    }
}
