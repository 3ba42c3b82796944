"""The words the rules look for, in Chinese and English, grouped by what they signal.

Kept apart from the rules so that an assessor can read (and correct) the vocabulary without
reading code. Every pattern is case-insensitive; Chinese and English apply to every policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


#: The document presents itself as a privacy policy (cat1.1).
POLICY_TITLE = _re(
    r"隐私政策|隐私权政策|隱私權?政策|隱私聲明|個人資料保護政策|隐私保护政策|隐私保护指引|个人信息保护政策|个人信息保护规则|隐私声明|隐私协议|"
    r"privacy (policy|notice|statement)"
)
#: Collecting or accessing personal information.
COLLECT = _re(
    r"收集|获取|采集|读取|调用|申请|访问|获得|记录|需要您提供|请您提供|您提供|向您索取|上传|"
    r"\bcollect|\bobtain|\bgather|\baccess\b|\brequest (access|permission)|\brecord\b|\breceive\b|"
    r"ask (you )?(for|to provide)|you provide|\bprocess(es|ing)? your"
)
#: A denial of collection: "we do not collect …" states no rule to check.
NEGATED_COLLECT = _re(
    r"不会?(主动)?(收集|获取|采集|读取|调用|申请|访问)|不(会)?要求您提供|绝不|从不|无需(收集|获取|您提供)|"
    r"(do|does|will) not (collect|obtain|access|gather|request)|never (collect|obtain|access)|"
    r"don't (collect|access)|won't (collect|access)"
)
#: A stated purpose: why the information is collected (cat2.1, cat2.3).
PURPOSE = _re(
    r"用于|用来|用以|为了|为您提供|以便|以实现|以保障|以确保|以向您|以完成|以帮助|以识别|以验证|以提供|"
    r"目的|旨在|便于|从而|是为了|以满足|实现.{0,12}功能|"
    r"(当您|在您|如您|若您|如果您)(使用|开启|进行|选择|需要|参与|发布|上传|拍摄|扫描|申请|注册|登录)|"
    r"\bin order to\b|\bso that\b|\bso we can\b|\bpurposes? (of|is|are)\b|\bfor the purpose|"
    r"\bused (to|for)\b|\bwe use (it|this|them|these|that|your \w+( \w+)?) (to|for)\b|"
    r"\bto (provide|deliver|verify|identify|recommend|improve|process|enable|show|send|help|ensure|"
    r"complete|protect|prevent|detect|personali[sz]e|comply|contact|respond|allow|locate|find|"
    r"calculate|display|authenticate|fulfil|fulfill)\b|"
    r"\bwhen you (use|choose|enable|scan|take|upload|share|make|register|sign up|log in|place)\b"
)
#: The manner of collection: provided by the user, automatically, from third parties (cat2.1).
MANNER = _re(
    r"主动提供|您提供|自动(收集|采集|获取|记录)|间接(获取|收集)|从第三方|第三方(处)?(获取|收集)|通过.{0,20}(收集|获取|采集)|"
    r"Cookie|you provide|provided by you|automatically (collect|record|gather)|"
    r"collected automatically|from third part(y|ies)|through (cookies|sdk)"
)
#: Open-ended scope ("including but not limited to") — not a list "one by one" (cat2.1).
OPEN_SCOPE = _re(
    r"包括但不限于|包含但不限于|including,? but not limited to|including without limitation"
)
#: Third parties, SDKs and entrusted processors (cat2.1).
THIRD_PARTY = _re(
    r"第三方SDK|SDK|第三方(合作方|服务商|服务提供商|合作伙伴|代码|插件|机构|公司)|委托(处理|第三方|合作)|"
    r"third[- ]party (sdk|service|partner|provider|code|plug-?in)|\bsdks?\b|\bprocessors?\b|"
    r"service providers?|partners?\b"
)
#: Targeted push, personalised recommendation or advertising (cat3.6).
TARGETED = _re(
    r"个性化(推荐|推送|广告|内容|展示)|定向推送|精准(推送|营销|广告)|用户画像|程序化广告|兴趣推荐|"
    r"personali[sz]ed (recommendation|ads|advertis|content|push|feed)|targeted (ads|advertis|push|content)|"
    r"interest-based|behaviou?ral advertis|\bprofiling\b"
)
#: An option for non-targeted content or a switch to turn personalisation off (cat3.6).
NON_TARGETED = _re(
    r"关闭(个性化|精准|程序化|兴趣|定向)|非个性化|不针对(您|你)?(的)?个人特征|不基于(您|你)?(的)?个人(特征|信息)|"
    r"退出个性化|(关闭|取消).{0,12}(推荐|广告)|"
    r"opt[ -]?out|turn off (personali|targeted|tailored)|non-personali[sz]ed|disable personali|"
    r"not (be )?based on your (profile|personal|interests)|switch off (personali|recommend)"
)
#: Withdrawing consent (cat3.8).
WITHDRAW = _re(
    r"撤回(您的|你的|对)?.{0,8}(同意|授权)|撤销(您的)?(同意|授权)|改变.{0,10}授权(同意)?的范围|关闭.{0,12}权限|"
    r"取消.{0,8}授权|"
    r"withdraw (your |the )?consent|revoke (your |the )?(consent|permission|authori[sz]ation)|"
    r"turn off (the )?(permission|access)|change (your )?(permission|consent)"
)
#: The user is able to act ("you can …"), as opposed to the operator's own deletion (cat6.1).
ABILITY = _re(
    r"您(可以|可|有权|能够)|你(可以|可|有权)|可(以)?通过|可在|路径|入口|"
    r"\byou (can|may|have the right|are entitled)\b|\brequest\b|\bvia\b|\bthrough\b"
)
CORRECT = _re(r"更正|修改|修正|更新您的|\bcorrect|\brectif|\bamend|\bedit\b|\bupdate your")
DELETE = _re(r"删除|刪除|\bdelet|\berase|\berasure")
CANCEL_ACCOUNT = _re(
    r"注销|註銷|(cancel|close|delete|deactivate|terminate) (your |the )?account|account (deletion|cancell?ation|closure)"
)
#: Conditions on correction, deletion or cancellation that are unnecessary for an app account
#: (cat6.2): fees, a visit or letter instead of an in-app route, notarisation.
COND_UNREASONABLE = _re(
    r"费用|收费|付费|手续费|线下|营业厅|到店|门店|邮寄|公证|"
    r"\bfees?\b|\bcharge\b|in person|notari[sz]|by (post|mail)\b|postal"
)
#: Conditions that depend on what was collected at registration (cat6.2): a tester decides.
COND_IDENTITY = _re(
    r"手持身份证|身份证(正反面)?(照片|复印件)|人脸识别|视频认证|户口|"
    r"copy of (your )?(id|identity|passport)|selfie|photo (of|with) (your )?id|video verification"
)
NEGATED_CONDITION = _re(
    r"不收取|免费|无需|不需要|不会要求|无须|不得|不额外|free of charge|no (fee|charge)|without (any )?(fee|charge)|"
    r"will not (charge|ask)|do not (charge|ask)"
)
#: Complaint and report (cat6.5).
COMPLAINT = _re(
    r"投诉|举报|投訴|舉報|申诉|\bcomplain|\bcomplaints?\b|\breport (it|to us|a concern|abuse)|grievance"
)
CONTACT = _re(r"联系我们|与我们联系|联系方式|contact us|contact (details|information)|reach us")
#: A published channel: e-mail, telephone, post, online form, customer service.
CHANNEL = _re(
    r"(?<![\w.+\-])[\w.+\-]++@[\w\-]++(\.[\w\-]++)+|"
    r"(电话|热线|客服电话|phone|tel|hotline)[:：\s]*[+\d(（][\d\s\-()（）]{6,}|"
    r"\b400[\-\s]?\d{3}[\-\s]?\d{4}\b|\b1[3-9]\d{9}\b|\b0\d{2,3}[\-\s]?\d{7,8}\b|"
    r"在线客服|人工客服|客服中心|反馈入口|意见反馈|帮助与反馈|帮助中心|(通讯|邮寄|联系)地址|"
    r"online (form|customer service|support)|customer (service|support)|mailing address|"
    r"https?://\S+"
)
#: External authorities: a complaint path that is not the operator's own channel.
AUTHORITY = _re(r"监管部门|网信|公安|市场监管|法院|起诉|regulator|authorit(y|ies)|court")
#: Requests under the data-subject rights (cat6.3 context for a time limit).
RIGHTS_REQUEST = _re(
    r"请求|申请|您的权利|行使|答复|回复|处理|响应|request|exercise (your|these) rights|respond|reply"
)
RESPONSE = _re(
    r"答复|回复|响应|处理|受理|核查|完成|反馈|respond|reply|handle|process|resolve|complete"
)
#: Not a handling commitment: retention periods and cooling-off periods.
RETENTION = _re(r"保存|保留|留存|存储期|\bretain|\bretention|\bstore|\bkeep\b")
COOLING_OFF = _re(r"冷静期|犹豫期|cooling[- ]off|grace period")
#: Vague timing: "promptly", "as soon as possible" (no commitment in days).
VAGUE_TIME = _re(
    r"及时|尽快|尽早|合理(的)?(期限|时间)|as soon as (possible|practicable)|promptly|"
    r"within a reasonable (time|period)|without undue delay"
)
IMMEDIATE = _re(r"立即|即时|实时|立刻|马上|immediately|instantly|in real time")
#: The notice of changes to the policy (cat2.2, quoted as a hint for the tester).
POLICY_CHANGE = _re(
    r"(本政策|本隐私政策|隐私政策)(的)?(更新|变更|修订|修改)|(更新|变更|修改|修订)(本|后的)?(隐私)?政策|"
    r"changes? to (this|our) (privacy )?(policy|notice)|update (this|our) (privacy )?(policy|notice)"
)
#: Refusal consequences that tie consent to unrelated purposes (cat4.5 hint for the tester).
FORCED_CONSENT = _re(
    r"(改善|提升|优化).{0,10}(服务|体验|质量)|研发新产品|精准营销|improv\w+ (our )?(service|experience)"
)


@dataclass(frozen=True)
class InfoType:
    """A kind of personal information a policy may list (cat2.1), sensitive ones for cat2.3."""

    id: str
    zh: str
    en: str
    sensitive: bool
    pattern: re.Pattern[str]


INFO_TYPES: tuple[InfoType, ...] = (
    InfoType("name", "姓名", "name", False, _re(r"姓名|真实姓名|\b(full|real) name\b|your name")),
    InfoType(
        "phone",
        "手机号码",
        "phone number",
        False,
        _re(r"手机号|电话号码|联系电话|(phone|mobile|telephone) number"),
    ),
    InfoType("email", "电子邮箱", "e-mail address", False, _re(r"邮箱|电子邮件|e-?mail address")),
    InfoType(
        "profile",
        "昵称、头像",
        "nickname and avatar",
        False,
        _re(r"昵称|头像|nickname|avatar|profile photo"),
    ),
    InfoType(
        "id_number",
        "身份证件号码",
        "identity document number",
        True,
        _re(
            r"身份证|证件号|证件信息|护照|\bid card|identity (card|document|number)|passport|national id"
        ),
    ),
    InfoType(
        "bank",
        "银行账号",
        "bank account",
        True,
        _re(r"银行卡|银行账号|银行账户|bank (account|card)|card number|payment card"),
    ),
    InfoType(
        "location",
        "位置信息、行踪轨迹",
        "location and movements",
        True,
        _re(r"位置|定位|地理|行踪|轨迹|GPS|经纬度|\blocation|geolocat|whereabouts"),
    ),
    InfoType(
        "device",
        "设备信息与标识符",
        "device information and identifiers",
        False,
        _re(
            r"设备信息|设备标识|设备型号|IMEI|IMSI|MAC地址|Android ?ID|OAID|IDFA|硬件序列号|"
            r"device (identifier|information|id|model)|MAC address|advertising id"
        ),
    ),
    InfoType(
        "contacts", "通讯录", "contacts", True, _re(r"通讯录|联系人|\bcontacts\b|address book")
    ),
    InfoType("call_log", "通话记录", "call log", True, _re(r"通话记录|call (log|history)")),
    InfoType(
        "sms", "短信", "text messages", True, _re(r"短信内容|读取短信|\bsms content|text messages")
    ),
    InfoType("photos", "相册、照片", "photos", False, _re(r"相册|照片|图片|photo|media files")),
    InfoType("camera", "相机", "camera", False, _re(r"相机|摄像头|拍照|扫码|扫一扫|camera")),
    InfoType(
        "microphone",
        "麦克风、语音",
        "microphone and voice",
        False,
        _re(r"麦克风|录音|语音|microphone|voice"),
    ),
    InfoType(
        "biometrics",
        "生物识别信息",
        "biometric data",
        True,
        _re(r"人脸|面部|指纹|声纹|虹膜|生物识别|\bface\b|facial|fingerprint|biometric"),
    ),
    InfoType(
        "health", "健康生理信息", "health data", True, _re(r"健康|病历|医疗|诊疗|health|medical")
    ),
    InfoType(
        "app_list",
        "已安装应用列表",
        "installed-app list",
        False,
        _re(r"应用列表|已安装(的)?应用|软件列表|安装列表|installed (apps|applications)|app list"),
    ),
    InfoType("clipboard", "剪切板", "clipboard", False, _re(r"剪切板|剪贴板|clipboard")),
    InfoType(
        "logs",
        "日志与浏览记录",
        "logs and browsing history",
        False,
        _re(r"日志|浏览记录|搜索记录|IP地址|\blogs?\b|browsing history|search history|IP address"),
    ),
    InfoType(
        "transactions",
        "订单与收货信息",
        "orders and delivery details",
        False,
        _re(r"订单|交易记录|收货地址|\border|transaction|shipping address|delivery address"),
    ),
)

#: Words a lay reader needs explained (cat2.4: "大量专业术语"). Latin ones match as whole words.
JARGON: tuple[str, ...] = (
    "IMEI",
    "IMSI",
    "ICCID",
    "MEID",
    "OAID",
    "IDFA",
    "IDFV",
    "AAID",
    "Android ID",
    "MAC地址",
    "MAC address",
    "SDK",
    "API",
    "Cookie",
    "Web Beacon",
    "像素标签",
    "pixel tag",
    "SSL",
    "TLS",
    "HTTPS",
    "AES",
    "RSA",
    "哈希",
    "hash",
    "去标识化",
    "de-identif",
    "匿名化",
    "pseudonymi",
    "加密算法",
    "DNS",
    "UUID",
    "Token",
    "令牌",
    "设备指纹",
    "fingerprinting",
    "LBS",
    "基站",
    "WLAN",
    "BSSID",
    "SSID",
    "OCR",
    "CDN",
    "算法模型",
    "用户画像",
    "profiling",
)
#: An explanation right after a term: a bracketed gloss or "means / 是指".
EXPLAINED_AFTER = _re(r"^.{0,3}([（(]|是指|指的是|即|意为|means|refers to|is an?\b|stands for)")
