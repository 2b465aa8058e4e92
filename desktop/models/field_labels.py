"""The names a clerk knows the cadre file's fields by (the form's words, not column names).

Shared by every place that shows a field to a reader: the import preview, the merge of a
field-laptop package, the file's change history.
"""

from __future__ import annotations

from desktop.models.validation import FIELD_LABELS

CADRE_FIELD_LABELS = {
    **FIELD_LABELS, "professional_title": "专业技术职务", "expertise": "熟悉专业有何专长", "phone": "办公电话",
    "address": "通讯地址", "notes": "备注", "status": "状态", "proposed_post": "拟任职务",
    "proposed_removal": "拟免职务", "appointment_reason": "任免理由", "resume_override": "简历",
    "current_post_override": "现任职务", "tags": "标签", "rewards_override": "奖惩情况",
    "party_joined_text": "入党时间（原文）", "annual_results_text": "年度考核结果（原文）",
    "reporting_unit": "呈报单位", "pre_reform_age_limit": "改革前任职年龄界限", "retirement_due": "到龄年月",
}
RECORD_FIELD_LABELS = {
    "unit_name": "单位", "title": "职务", "leadership_level": "职务层次", "grade": "正副职", "rank": "职级",
    "is_main": "主职", "start": "开始", "end": "结束", "appointing_doc": "任职文号", "mode": "学习形式",
    "education": "学历", "degree": "学位", "school": "院校", "major": "院系及专业", "description": "内容",
    "relation": "称谓", "name": "姓名", "birth": "出生年月", "political_status": "政治面貌",
    "work_unit_post": "工作单位及职务", "is_social_relation": "社会关系", "year": "年度", "note": "说明",
    "date": "时间", "granted_by": "批准机关", "reason": "事由", "lifted": "解除时间", "organizer": "主办单位",
    "hours": "学时",
}
# Where a column means something else in one kind of record ("grade" is 正副职 on a post).
KIND_FIELD_LABELS = {("annual_results", "grade"): "考核等次"}
# The file's own columns that no form shows but its change history does.
HISTORY_FIELD_LABELS = {
    "title": "名称/职务", "description": "内容", "school": "学校", "major": "专业", "resume_override": "简历（手工）",
    "jpeg": "照片", "filename": "文件名", "mime": "文件类型", "size": "大小", "content": "文件内容",
}
# The audit log names a record by its table; the forms by the file's list.
ENTITY_KINDS = {"annual_result": "annual_results"}


def field_label(entity: str, key: str) -> str:
    """What the change history calls `key` of an `entity` (a table name); the key itself only
    for a column added without a label (tests/services/cadres check there is none)."""
    kind = ENTITY_KINDS.get(entity, entity)
    return (KIND_FIELD_LABELS.get((kind, key)) or HISTORY_FIELD_LABELS.get(key) or CADRE_FIELD_LABELS.get(key)
            or RECORD_FIELD_LABELS.get(key) or key)
