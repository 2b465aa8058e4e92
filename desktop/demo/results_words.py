"""Words for the demo's three lists (task, problem, implementation) and quarterly indicators."""

from __future__ import annotations

from typing import NamedTuple


class Duty(NamedTuple):
    """A task-list line's pattern. `lo`/`hi` bound the target value (None: not numeric);
    `scope` says who carries it: "area" (towns, districts, headquarters) or a word of a
    department's name (发展和改革, 住房 …), "any" for everyone."""

    duty: str
    indicator: str
    measure: str
    lo: float | None
    hi: float | None
    lower_is_better: bool
    source: str  # one of models.results.SOURCE_DEPARTMENTS
    post_duty: str
    hard_share: float  # how often the department makes it a hard indicator (硬性指标)
    scope: str


DUTIES = (
    Duty("完成年度固定资产投资任务", "固定资产投资完成额", "万元", 20000, 300000, False, "发改",
         "分管发展改革和重大项目工作", 0.8, "area"),
    Duty("完成招商引资到位资金任务", "招商引资到位资金", "亿元", 2, 30, False, "招商",
         "负责招商引资和项目落地工作", 0.7, "area"),
    Duty("推动重大项目按期新开工", "新开工项目", "个", 3, 20, False, "发改",
         "分管重大项目建设", 0.5, "area"),
    Duty("安全生产事故起数控制在目标以内", "安全生产事故起数", "起", 1, 4, True, "应急管理",
         "分管安全生产和应急管理工作", 0.9, "area"),
    Duty("化解住建领域信访积案", "信访积案化解率", "%", 85, 100, False, "住建",
         "分管信访维稳和住房保障工作", 0.6, "area"),
    Duty("完成片区征地拆迁任务", "征地拆迁完成率", "%", 90, 100, False, "自然资源",
         "负责征地拆迁和土地收储工作", 0.7, "area"),
    Duty("完成高标准农田建设任务", "高标准农田建设面积", "亩", 500, 8000, False, "农业农村",
         "分管农业农村和乡村振兴工作", 0.4, "area"),
    Duty("推动规上工业增加值稳定增长", "规上工业增加值增速", "%", 5, 12, False, "工信",
         "分管工业经济和企业服务工作", 0.3, "area"),
    Duty("完成社会消费品零售总额目标", "社会消费品零售总额", "亿元", 10, 200, False, "商务",
         "分管商贸流通工作", 0.2, "area"),
    Duty("PM2.5 年均浓度控制在目标以内", "PM2.5 平均浓度", "微克/立方米", 22, 35, True, "生态环境",
         "分管生态环境保护工作", 0.6, "area"),
    Duty("完成一般公共预算收入任务", "一般公共预算收入", "万元", 5000, 120000, False, "财政",
         "分管财政税收工作", 0.5, "area"),
    Duty("完成中央生态环境保护督察反馈问题整改销号", "督察反馈问题整改销号", "", None, None, False, "生态环境",
         "分管生态环境保护工作", 0.5, "area"),
    Duty("建立重大项目全程代办机制并落地运行", "项目全程代办", "", None, None, False, "发改",
         "分管发展改革和重大项目工作", 0.1, "发展和改革"),
    Duty("省重点项目投资完成率不低于目标", "省重点项目投资完成率", "%", 100, 115, False, "发改",
         "负责重点项目调度工作", 0.8, "发展和改革"),
    Duty("老旧小区改造开工", "老旧小区改造开工", "个", 5, 40, False, "住建",
         "分管城市更新和住房保障工作", 0.6, "住房"),
    Duty("完成城中村消防安全隐患整治", "消防安全隐患整改", "处", 50, 400, False, "住建",
         "分管城市更新和住房保障工作", 0.7, "住房"),
    Duty("惠企资金按期拨付到位", "惠企资金拨付", "万元", 1000, 30000, False, "财政",
         "分管预算执行和惠企政策兑现", 0.3, "财政"),
    Duty("村集体经济收入普遍达到 20 万元", "集体经济收入达标村", "个", 5, 30, False, "农业农村",
         "分管乡村振兴工作", 0.4, "农业农村"),
    Duty("涉企投诉按期办结", "涉企投诉办结率", "%", 95, 100, False, "商务",
         "负责优化营商环境工作", 0.3, "any"),
    Duty("编制并印发年度重点工作推进方案", "重点工作推进方案", "", None, None, False, "发改",
         "负责综合协调工作", 0.0, "any"),
    Duty("落实政务服务“好差评”整改", "政务服务差评整改", "", None, None, False, "商务",
         "负责政务服务和营商环境工作", 0.0, "any"),
    Duty("审计发现问题按期整改", "审计整改问题", "个", 3, 15, False, "财政",
         "负责内部审计和财务管理工作", 0.5, "any"),
    Duty("汛前完成隐患点排查整治", "隐患点整治", "处", 10, 80, False, "应急管理",
         "分管防汛防台风工作", 0.8, "any"),
)

# What the verifier wrote, by result, for a target that is not numeric.
PLAIN_FACTS = {
    "met": ("经查阅会议纪要、印发文件和工作台账，该项任务已按要求完成并形成长效机制。",
            "考核组现场核验，相关工作已全部完成，群众和企业反映良好。"),
    "partly": ("主体工作已完成，尚有个别事项未销号，已明确整改时限和责任人。",
               "方案已印发，但配套制度尚未全部出台，落实情况需持续跟踪。"),
    "not_met": ("截至核查时该项任务仍未启动实质性工作，相关说明理由不充分。",
                "核查发现工作停留在部署层面，台账记录与实际情况不符。"),
}
NUMERIC_FACT = ("经核对统计台账和{source}部门数据，{indicator}实际完成{achieved}{measure}，"
                "目标{target}{measure}，{verdict}。")
CEILING_FACT = "经核对{source}部门通报，{indicator}为{achieved}{measure}，控制目标{target}{measure}以内，{verdict}。"
VERDICTS = {"met": "达到目标要求", "partly": "部分完成", "not_met": "未完成目标任务"}
EVIDENCE_NOTE = "核查记录\n任务：{duty}\n指标：{indicator}\n核查情况：{fact}\n核查人：{by}\n核查日期：{on}\n"

PROBLEMS = (
    ("项目前期手续办理进度滞后，影响节点开工", "用地、规划审批涉及部门多，并联审批机制未真正落地"),
    ("征拆扫尾户诉求复杂，签约工作推进缓慢", "补偿标准历史遗留问题多，政策解释口径不统一"),
    ("部分企业反映惠企政策兑现周期长", "资金拨付流程环节多，部门间数据不共享"),
    ("安置房建设进度滞后于计划", "建材供应紧张，施工单位组织力量不足"),
    ("防汛物资储备台账与实物不符", "物资管理制度执行不严，缺少定期盘点"),
    ("信访积案化解进度慢，个别案件反复", "包案领导接访下访不够，化解措施针对性不强"),
    ("招商项目签约后落地转化率不高", "项目跟踪服务机制不健全，要素保障不到位"),
    ("基层报送材料多，存在重复填报现象", "考核事项统筹不够，部门各自为政"),
    ("安全生产隐患整改不彻底，存在反弹", "企业主体责任落实不到位，监管力量不足"),
    ("村集体经济项目建成后闲置", "前期论证不充分，缺少运营主体"),
)
FOLLOW_UPS = ("考核组两周后回访核实整改情况", "列入下季度问题清单持续跟踪", "已督促责任单位制定整改方案并限期销号",
              "提请分管市领导协调解决", "整改情况纳入年度考核参考")
FED_BACK_TO = "{name}主要负责同志"

BOTTOM_EXPLANATIONS = (
    "受重大项目开工延后影响，固定资产投资完成进度滞后；部分指标数据报送不及时。",
    "招商引资在谈项目签约转化慢，到位资金低于序时进度；安全生产领域发生一起一般事故。",
    "征拆扫尾难度大，信访积案化解进度滞后，营商环境评价排名靠后。",
)
BOTTOM_MEASURES = (
    "一是建立重大项目周调度机制，逐项倒排工期；二是主要负责同志包案攻坚；三是下季度按时报送各项指标数据。",
    "一是开展招商引资攻坚行动，紧盯在谈项目签约落地；二是全面排查整治安全隐患；三是每月向考核组报告进展。",
    "一是成立征拆扫尾专班，逐户化解；二是落实领导干部接访下访制度；三是对照营商环境评价短板逐项整改。",
)


class Measure(NamedTuple):
    """A quarterly indicator of the demo rule set; `base` is a town's quarterly target scale."""

    name: str
    weight: float
    rule: str
    measure: str
    source: str
    lower_is_better: bool = False
    cap: float = 1.0
    min_value: float = 0.0
    max_value: float = 100.0
    base: float = 0.0


INDICATORS = (
    Measure("固定资产投资完成额", 20, "target", "万元", "发改", cap=1.2, base=30000),
    Measure("招商引资到位资金", 15, "target", "亿元", "招商", cap=1.2, base=4),
    Measure("新开工项目", 10, "ranking", "个", "发改", base=5),
    Measure("一般公共预算收入增幅", 10, "ranking", "%", "财政", base=6),
    Measure("安全生产事故起数", 10, "ranking", "起", "应急管理", lower_is_better=True, base=1),
    Measure("信访积案化解率", 10, "target", "%", "住建", base=90),
    Measure("营商环境评价", 15, "manual", "分", "商务", min_value=60, max_value=100),
    Measure("基层党建工作考评", 10, "manual", "分", "组织部", min_value=60, max_value=100),
)
