"""Bilingual labels of the report: section headings, form field names, enum values, law text.

The snapshot holds language-independent data; every word the report adds around it comes from
here, so the Chinese and the English report show the same fields in the same order. Chinese
headings of the four parts and the items of Art. 3 and Art. 5 quote sa-2018 verbatim (checked
against `anping/law/sources/sa-2018.zh.txt` by the tests); the English is the project's own
wording, not an official translation.
"""

from __future__ import annotations

from anping.reports.snapshot import Lang

#: key -> (zh, en)
LABELS: dict[str, tuple[str, str]] = {
    # document
    "title": (
        "具有舆论属性或社会动员能力的互联网信息服务安全评估报告",
        "Security Assessment Report of an Internet Information Service with Public-Opinion "
        "Attributes or Social-Mobilisation Capability",
    ),
    "subtitle": (
        "依据《具有舆论属性或社会动员能力的互联网信息服务安全评估规定》第六条",
        "Under Art. 6 of the Provisions on the Security Assessment of Internet Information "
        "Services with Public-Opinion Attributes or Social-Mobilisation Capability (2018)",
    ),
    "report_info": ("报告信息", "Report information"),
    "assessment_id": ("评估编号", "Assessment ID"),
    "regulation": ("依据规定", "Regulation"),
    "schema_version": ("快照格式版本", "Snapshot schema version"),
    "created_at": ("创建时间", "Created at"),
    "frozen_at": ("定稿时间", "Frozen at"),
    "report_date": ("报告日期", "Report date"),
    "content_hash": ("报告内容哈希（SHA-256）", "Report content hash (SHA-256)"),
    "personal_data": ("个人信息", "Personal data"),
    "personal_data_masked": (
        "已脱敏（身份证件号码、电话号码部分隐藏）",
        "Masked (ID and phone numbers partly hidden)",
    ),
    "personal_data_full": ("完整（报送主管部门文本）", "In full (copy for the authorities)"),
    "page": ("第 {n} 页", "Page {n}"),
    # Art. 6 ¶2 (1)-(4)
    "section1": (
        "一、互联网信息服务的功能、服务范围、软硬件设施、部署位置等基本情况和相关证照获取情况",
        "1. Basic information (functions, service scope, hardware and software facilities, "
        "deployment location) and licences",
    ),
    "section2": (
        "二、安全管理制度和技术措施落实情况及风险防控效果",
        "2. Security management system and technical measures, and the effect of risk prevention",
    ),
    "section3": ("三、安全评估结论", "3. Assessment conclusion"),
    "section4": ("四、其他应当说明的相关情况", "4. Other matters"),
    # section 1 subsections
    "subject": ("（一）评估主体信息", "1.1 Subject information"),
    "service": ("（二）服务基本情况", "1.2 Basic situation of the service"),
    "licences": ("（三）相关证照获取情况", "1.3 Licences and filings"),
    "situations": ("（四）开展安全评估的情形", "1.4 Situation requiring the assessment (Art. 3)"),
    "assessor": ("（五）评估实施方", "1.5 Assessor (Art. 4)"),
    # section 2 subsections
    "main_contents": ("（一）重点评估内容", "2.1 Main contents assessed (Art. 5)"),
    "points": ("（二）评估要点及结果", "2.2 Assessment points and results"),
    "evidence": ("（三）证据清单", "2.3 Evidence"),
    "findings": ("（四）发现的问题及整改情况", "2.4 Findings and rectification (Art. 6 ¶1)"),
    "signatures": ("签署", "Signatures"),
    # subject fields (the platform form)
    "subject_kind": ("主体类型", "Type of subject"),
    "subject_kind.unit": ("单位", "Unit"),
    "subject_kind.individual": ("个人", "Individual"),
    "unit_name": ("单位名称", "Unit name"),
    "credit_code": ("统一社会信用代码", "Unified social credit code"),
    "registered_location": ("注册地", "Registered location"),
    "operating_location": ("运营团队所在地", "Location of the operating team"),
    "contact_name": ("联系人姓名", "Contact name"),
    "contact_phone": ("联系人电话", "Contact phone"),
    "individual_name": ("姓名", "Name"),
    "phone": ("联系电话", "Phone"),
    "id_number": ("身份证件号码", "ID number"),
    "residence": ("常住地", "Place of residence"),
    # service fields
    "service_name": ("服务名称", "Service name"),
    "function_name": ("功能名称", "Function name"),
    "function_description": ("功能描述", "Function description"),
    "network_link": ("网络链接", "Network link"),
    "channel": ("网站/APP", "Website / app"),
    "channel.website": ("网站", "Website"),
    "channel.app": ("APP", "App"),
    "channel.mini_program": ("小程序", "Mini program"),
    "channel.other": ("其他", "Other"),
    "functions": ("功能", "Functions"),
    "service_scope": ("服务范围", "Service scope"),
    "facilities": ("软硬件设施", "Hardware and software facilities"),
    "deployment": ("部署位置", "Deployment location"),
    # licences
    "icp": ("ICP备案/许可证号", "ICP filing / licence number"),
    "news_licence": ("互联网新闻信息服务许可证", "Internet news information service licence"),
    "psb_filing": ("公安机关联网备案号", "Public security filing number"),
    "other_licence": ("其他证照", "Other licence"),
    "not_held": ("未取得", "Not held"),
    # situations
    "situation_applies": ("适用", "Applies"),
    "situation_note": ("说明", "Note"),
    "applies.yes": ("是", "Yes"),
    "applies.no": ("否", "No"),
    # assessor
    "assessor_kind": ("评估方式", "Assessed by"),
    "assessor_kind.self": ("自行评估", "The provider itself"),
    "assessor_kind.third_party": ("委托第三方安全评估机构", "A third-party assessment body"),
    "assessor_name": ("评估机构名称", "Assessor name"),
    # main contents and points
    "item": ("序号", "Item"),
    "content": ("评估内容", "Content"),
    "actual_situation": ("实际情况", "Actual situation"),
    "point_id": ("要点编号", "Point"),
    "point_title": ("评估要点", "Assessment point"),
    "result": ("评估结果", "Result"),
    "na_reason": ("不适用理由", "Reason not applicable"),
    "result.met": ("符合", "Met"),
    "result.partly_met": ("部分符合", "Partly met"),
    "result.not_met": ("不符合", "Not met"),
    "result.not_applicable": ("不适用", "Not applicable"),
    "evidence_name": ("证据名称", "Evidence"),
    "sha256": ("SHA-256", "SHA-256"),
    "effective_on": ("生效日期", "Effective date"),
    "no_evidence": ("无", "None"),
    "finding": ("问题描述", "Finding"),
    "action": ("整改措施", "Rectification"),
    "owner": ("责任人", "Owner"),
    "due": ("整改期限", "Due"),
    "verified_by": ("验证人", "Verified by"),
    "closed_at": ("关闭时间", "Closed at"),
    "open": ("未关闭", "Open"),
    "no_findings": ("未发现需要整改的问题。", "No findings requiring rectification."),
    # conclusion
    "outcome": ("评估结论", "Outcome"),
    "outcome.compliant": (
        "符合法律、行政法规、部门规章和标准的要求",
        "Complies with laws, administrative regulations, departmental rules and standards",
    ),
    "outcome.compliant_after_rectification": (
        "经整改，符合法律、行政法规、部门规章和标准的要求",
        "Complies with laws, administrative regulations, departmental rules and standards "
        "after rectification",
    ),
    "outcome.not_compliant": (
        "尚不符合要求（不得作为安全评估报告提交）",
        "Does not yet comply (not to be filed as an assessment report)",
    ),
    "statement": ("结论说明", "Statement"),
    # signatures
    "signer_name": ("签署人", "Signer"),
    "signer_role": ("职责", "Role"),
    "signed_at": ("签署时间", "Signed at"),
    "snapshot_hash": ("签署的快照哈希", "Signed snapshot hash"),
    "signature_valid": ("哈希核验", "Hash check"),
    "signature_valid.yes": ("一致", "Matches"),
    "signature_valid.no": ("不一致", "Does not match"),
    "no_signatures": ("尚未签署。", "Not signed yet."),
    "role.responsible_person": ("主要负责人", "Responsible person"),
    "role.security_lead": ("安全管理负责人", "Security lead"),
    "role.assessment_lead": ("评估负责人", "Assessment lead"),
    "role.third_party_lead": ("第三方评估机构负责人", "Third-party assessment lead"),
    "role.reviewer": ("审核人", "Reviewer"),
    "field": ("项目", "Field"),
    "value": ("内容", "Value"),
}

#: sa-2018 Art. 3 (一)–(五): the five situations in which an assessment is due.
ART3: dict[int, tuple[str, str]] = {
    1: (
        "具有舆论属性或社会动员能力的信息服务上线，或者信息服务增设相关功能的",
        "A service with public-opinion attributes or mobilisation capability goes live, or a "
        "service adds such functions",
    ),
    2: (
        "使用新技术新应用，使信息服务的功能属性、技术实现方式、基础资源配置等发生重大变更，"
        "导致舆论属性或者社会动员能力发生重大变化的",
        "New technologies or applications significantly change the service's functions, "
        "technical implementation or basic resources, significantly changing its opinion or "
        "mobilisation capability",
    ),
    3: (
        "用户规模显著增加，导致信息服务的舆论属性或者社会动员能力发生重大变化的",
        "A marked increase in users significantly changes the service's opinion or mobilisation "
        "capability",
    ),
    4: (
        "发生违法有害信息传播扩散，表明已有安全措施难以有效防控网络安全风险的",
        "Illegal or harmful information has spread, showing the existing measures cannot "
        "effectively control network security risks",
    ),
    5: (
        "地市级以上网信部门或者公安机关书面通知需要进行安全评估的其他情形",
        "A cyberspace administration or public security organ at city level or above notified "
        "in writing that an assessment is needed",
    ),
}

#: sa-2018 Art. 5 (一)–(八): the eight main contents to be assessed.
ART5: dict[int, tuple[str, str]] = {
    1: (
        "确定与所提供服务相适应的安全管理负责人、信息审核人员或者建立安全管理机构的情况",
        "Security management lead and content reviewers suited to the service, or a security "
        "management body",
    ),
    2: (
        "用户真实身份核验以及注册信息留存措施",
        "Verification of users' real identities and retention of registration information",
    ),
    3: (
        "对用户的账号、操作时间、操作类型、网络源地址和目标地址、网络源端口、客户端硬件特征等"
        "日志信息，以及用户发布信息记录的留存措施",
        "Retention of logs (account, time and type of operation, source and destination "
        "addresses, source port, client hardware characteristics) and of records of what users "
        "publish",
    ),
    4: (
        "对用户账号和通讯群组名称、昵称、简介、备注、标识，信息发布、转发、评论和通讯群组等服务"
        "功能中违法有害信息的防范处置和有关记录保存措施",
        "Prevention and handling of illegal or harmful information in account and group names, "
        "nicknames, profiles, remarks and labels and in publishing, forwarding, commenting and "
        "group functions, and keeping records of it",
    ),
    5: (
        "个人信息保护以及防范违法有害信息传播扩散、社会动员功能失控风险的技术措施",
        "Technical measures protecting personal information and preventing the spread of "
        "illegal or harmful information and loss of control over mobilisation functions",
    ),
    6: (
        "建立投诉、举报制度，公布投诉、举报方式等信息，及时受理并处理有关投诉和举报的情况",
        "A complaint and reporting system, published ways to complain and report, and prompt "
        "handling of complaints and reports",
    ),
    7: (
        "建立为网信部门依法履行互联网信息服务监督管理职责提供技术、数据支持和协助的工作机制的情况",
        "A working mechanism giving the cyberspace administration technical and data support "
        "and assistance in its supervision",
    ),
    8: (
        "建立为公安机关、国家安全机关依法维护国家安全和查处违法犯罪提供技术、数据支持和协助的"
        "工作机制的情况",
        "A working mechanism giving public security and state security organs technical and "
        "data support and assistance",
    ),
}

_NUMERALS = "〇一二三四五六七八九"


def label(key: str, lang: Lang) -> str:
    """The label `key` in `lang` (KeyError for an unknown key: a typo must not render blank)."""
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def item_marker(n: int, lang: Lang) -> str:
    """How the law numbers an item: （一） in Chinese, (1) in English."""
    return f"（{_NUMERALS[n]}）" if lang == "zh" else f"({n})"


def art3(n: int, lang: Lang) -> str:
    """Art. 3 item `n` with its marker."""
    zh, en = ART3[n]
    return f"{item_marker(n, lang)}{zh if lang == 'zh' else en}"


def art5(n: int, lang: Lang, *, marker: bool = True) -> str:
    """Art. 5 item `n`, with its marker unless the table shows it in a column of its own."""
    zh, en = ART5[n]
    return f"{item_marker(n, lang) if marker else ''}{zh if lang == 'zh' else en}"


def section_keys() -> tuple[str, ...]:
    """The four parts of Art. 6 ¶2, in order."""
    return ("section1", "section2", "section3", "section4")
