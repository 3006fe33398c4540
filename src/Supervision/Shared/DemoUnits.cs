namespace Supervision.Shared;

/// <summary>Kinds of supervised unit (被监督单位类型).</summary>
public enum UnitKind
{
    NationalArchives,      // 国家综合档案馆
    DepartmentArchives,    // 部门档案馆
    EnterpriseArchives,    // 企业档案馆
    Organ,                 // 机关
    PeoplesOrganisation,   // 人民团体
    StateOwnedEnterprise,  // 国有企业
    PublicInstitution,     // 事业单位 (Art. 37(4) 国有企业事业单位)
    ArchiveServiceAgency,  // 档案服务机构
    Other,                 // 其他
}

/// <summary>A supervised unit (被监督单位) for demos and tests.</summary>
public sealed record DemoUnit(
    string Name,
    UnitKind Kind,
    string JurisdictionId,  // GB/T 2260 code of the supervising jurisdiction
    string CreditCode,      // 统一社会信用代码, fictitious but check-valid
    string ContactName,     // fictitious
    string ContactPhone);   // fictitious, 555 exchange

/// <summary>
/// Demo supervised units. Credit codes are invented: category (11 机关, 12 事业单位, 13 群团, 51 社会团体,
/// 91 企业) + jurisdiction code + made-up organisation code + computed check character.
/// </summary>
public static class DemoUnits
{
    public static readonly IReadOnlyList<DemoUnit> All =
    [
        // 650000 新疆维吾尔自治区 (region)
        new("新疆维吾尔自治区档案馆", UnitKind.NationalArchives, "650000", "12650000457600129U", "王建新", "0991-5550101"),
        new("新疆维吾尔自治区人民医院", UnitKind.PublicInstitution, "650000", "126500004588001271", "热依拉·艾海提", "0991-5550199"),
        new("乌鲁木齐市城市规划设计研究院", UnitKind.PublicInstitution, "650100", "12650100458812345K", "黄志刚", "0991-5550299"),
        new("新疆维吾尔自治区自然资源厅", UnitKind.Organ, "650000", "11650000010023150T", "阿依古丽·买买提", "0991-5550102"),
        new("新疆能源（集团）有限责任公司", UnitKind.StateOwnedEnterprise, "650000", "91650000MA776K3020", "刘志强", "0991-5550103"),
        new("新疆维吾尔自治区妇女联合会", UnitKind.PeoplesOrganisation, "650000", "1365000045760148X5", "古丽娜尔·哈力木", "0991-5550104"),
        new("新疆维吾尔自治区气象档案馆", UnitKind.DepartmentArchives, "650000", "12650000457602335A", "陈晓燕", "0991-5550105"),
        new("新疆维吾尔自治区档案学会", UnitKind.Other, "650000", "51650000501204677L", "赵文博", "0991-5550106"),

        // 650100 乌鲁木齐市
        new("乌鲁木齐市档案馆", UnitKind.NationalArchives, "650100", "12650100458000176K", "马丽娟", "0991-5550201"),
        new("乌鲁木齐市住房和城乡建设局", UnitKind.Organ, "650100", "116501000101064230", "艾尔肯·吐尔逊", "0991-5550202"),
        new("乌鲁木齐城市建设投资（集团）有限公司", UnitKind.StateOwnedEnterprise, "650100", "91650100MA775Q8132", "孙海涛", "0991-5550203"),
        new("乌鲁木齐兰台档案管理服务有限公司", UnitKind.ArchiveServiceAgency, "650100", "91650100MA78D2T59G", "周婷", "0991-5550204"),
        new("乌鲁木齐市城市建设档案馆", UnitKind.DepartmentArchives, "650100", "12650100458003254N", "热依拉·艾力", "0991-5550205"),
        new("乌鲁木齐市总工会", UnitKind.PeoplesOrganisation, "650100", "136501004580043618", "杨国栋", "0991-5550206"),
        new("乌鲁木齐市人力资源和社会保障局", UnitKind.Organ, "650100", "1165010001010871XY", "黄秀兰", "0991-5550207"),

        // 650102 乌鲁木齐市天山区
        new("乌鲁木齐市天山区档案馆", UnitKind.NationalArchives, "650102", "12650102458100249Y", "买买提江·阿不都", "0991-5550301"),
        new("乌鲁木齐市天山区教育局", UnitKind.Organ, "650102", "11650102010201594B", "吴静", "0991-5550302"),
        new("乌鲁木齐市天山区卫生健康委员会", UnitKind.Organ, "650102", "116501020102026342", "郑立新", "0991-5550303"),
        new("新疆华典档案数字化服务有限公司", UnitKind.ArchiveServiceAgency, "650102", "91650102MA79H4L21F", "帕提古丽·吾斯曼", "0991-5550304"),
        new("乌鲁木齐市天山区人民医院", UnitKind.Other, "650102", "126501024581037229", "何建军", "0991-5550305"),

        // 650103 乌鲁木齐市沙依巴克区
        new("乌鲁木齐市沙依巴克区档案馆", UnitKind.NationalArchives, "650103", "12650103458200311R", "林芳", "0991-5550401"),
        new("乌鲁木齐市沙依巴克区民政局", UnitKind.Organ, "650103", "116501030103016678", "努尔兰·沙依兰", "0991-5550402"),
        new("乌鲁木齐市沙依巴克区红山街道办事处", UnitKind.Organ, "650103", "1165010301030274X7", "高伟", "0991-5550403"),
        new("共青团乌鲁木齐市沙依巴克区委员会", UnitKind.PeoplesOrganisation, "650103", "13650103458203870U", "迪丽娜尔·阿布拉", "0991-5550404"),

        // 650200 克拉玛依市
        new("克拉玛依市档案馆", UnitKind.NationalArchives, "650200", "126502004585001890", "徐长江", "0990-5550101"),
        new("中国石油天然气股份有限公司新疆油田分公司档案馆", UnitKind.EnterpriseArchives, "650200", "916502007108152472", "宋丽华", "0990-5550102"),
        new("克拉玛依市城市建设投资发展有限责任公司", UnitKind.StateOwnedEnterprise, "650200", "91650200MA77P6B92N", "阿不都热合曼·依明", "0990-5550103"),
        new("克拉玛依市财政局", UnitKind.Organ, "650200", "116502000105029369", "罗晓东", "0990-5550104"),

        // 650202 克拉玛依市独山子区
        new("克拉玛依市独山子区档案馆", UnitKind.NationalArchives, "650202", "126502024586002519", "韩梅", "0992-5550101"),
        new("中国石油天然气股份有限公司独山子石化分公司档案馆", UnitKind.EnterpriseArchives, "650202", "916502027109263779", "曹志刚", "0992-5550102"),
        new("克拉玛依市独山子区应急管理局", UnitKind.Organ, "650202", "1165020201060182X2", "阿娜尔古丽·托乎提", "0992-5550103"),

        // 653100 喀什地区
        new("喀什地区档案馆", UnitKind.NationalArchives, "653100", "12653100459000135P", "吐尔洪·艾买提", "0998-5550101"),
        new("喀什地区交通运输局", UnitKind.Organ, "653100", "116531000131014762", "邓建平", "0998-5550102"),
        new("喀什城市建设投资集团有限公司", UnitKind.StateOwnedEnterprise, "653100", "91653100MA78R3C688", "祖丽胡玛尔·阿卜力克木", "0998-5550103"),
        new("喀什地区科学技术协会", UnitKind.PeoplesOrganisation, "653100", "13653100459002544P", "许文静", "0998-5550104"),

        // 653101 喀什市
        new("喀什市档案馆", UnitKind.NationalArchives, "653101", "12653101459100275J", "阿卜杜许库尔·买买提", "0998-5550201"),
        new("喀什市市场监督管理局", UnitKind.Organ, "653101", "11653101013201581A", "冯玉兰", "0998-5550202"),
        new("喀什市城市建设档案馆", UnitKind.DepartmentArchives, "653101", "1265310145910265X0", "米热古丽·吐尔逊", "0998-5550203"),
        new("喀什市第一中学", UnitKind.Other, "653101", "12653101459103791A", "谢永刚", "0998-5550204"),

        // 654000 伊犁哈萨克自治州
        new("伊犁哈萨克自治州档案馆", UnitKind.NationalArchives, "654000", "12654000459500164U", "叶尔兰·别克", "0999-5550101"),
        new("伊犁哈萨克自治州水利局", UnitKind.Organ, "654000", "11654000014001397C", "唐晓梅", "0999-5550102"),
        new("伊犁哈萨克自治州国有资本投资运营有限公司", UnitKind.StateOwnedEnterprise, "654000", "91654000MA79K5E188", "古丽巴哈尔·努尔兰", "0999-5550103"),

        // 654002 伊宁市
        new("伊宁市档案馆", UnitKind.NationalArchives, "654002", "12654002459600210F", "哈力旦·艾则孜", "0999-5550201"),
        new("伊宁市自然资源局", UnitKind.Organ, "654002", "1165400201410146XJ", "蒋卫东", "0999-5550202"),
        new("伊宁市卡德尔档案整理服务有限公司", UnitKind.ArchiveServiceAgency, "654002", "91654002MA77W8N416", "阿力木江·热合曼", "0999-5550203"),
    ];
}
