using Supervision.Complaints;
using Supervision.Inspections;

namespace Supervision.Web.Pages.Public;

public sealed record PublishedDrawsView(IReadOnlyList<InspectionDraw> Draws, IReadOnlyDictionary<Guid, Inspection> Inspections);

/// <summary>The complainant's status page: what was asked, and the answer when one was found.</summary>
public sealed record ComplaintStatusView(string? Receipt, string? Code, bool Asked, PublicComplaintStatus? Status);

public sealed record PublicComplaintView;
