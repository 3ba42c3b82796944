"""The frozen report snapshot: everything a security assessment report shows, and nothing else.

A report is filed through the national platform (全国互联网安全管理服务平台, sa-2018 Art. 7) and
reviewed in writing by the authorities (Art. 8), who may order a re-assessment when its "content or
items are missing". What was filed must therefore be reproducible byte for byte: the workflow layer
freezes a `ReportSnapshot` when the report is signed, and the renderers (`anping.reports.render`)
turn that snapshot alone into .docx, .pdf, .html and .json. Nothing is looked up at render time.

The model follows the two shapes a report must have at once:

- the four parts of sa-2018 Art. 6 ¶2: (1) basic information and licences (`service`), (2) the
  security management system, technical measures and effect of risk prevention (`points`, with
  their evidence, findings and rectifications), (3) the conclusion (`conclusion`), (4) other
  matters (`other_matters`);
- the fields of the platform's report form: the subject (`subject`, a unit or an individual), the
  basic situation of the service, which Art. 3 situation(s) triggered the assessment
  (`situations`), the eight main contents of Art. 5 (`main_contents`), the conclusion, signatures
  and date. The assessor (the provider itself or a third-party body, Art. 4) is `assessor`.

Data is language-independent (codes, enums, dates); the few free texts are `Text` (Chinese
required, English optional, falling back to Chinese). Labels live in `anping.reports.labels`.

Personal data (ID numbers, phone numbers) is stored in full; `masked()` returns the copy that a
report shows by default (it remembers the full snapshot's hash in `masked_from`). The authority copy (Art. 15 binds the authorities to confidentiality) is
rendered with `full=True`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from anping.law import identifiers

#: Bumped whenever a field is added, removed or changes meaning; stored in every snapshot so an
#: old snapshot is never read with a newer meaning.
SCHEMA_VERSION: Literal[1] = 1

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

#: A point's result. `not_applicable` needs a reason (a missing reason is a "missing item" under
#: sa-2018 Art. 8 ¶2).
Result = Literal["met", "partly_met", "not_met", "not_applicable"]
RESULTS: tuple[Result, ...] = ("met", "partly_met", "not_met", "not_applicable")

#: Art. 6 ¶2: a report is formed once the service complies; `compliant_after_rectification` records
#: that hidden dangers were found and rectified first (Art. 6 ¶1); `not_compliant` exists so a
#: draft can be frozen and shown, never to be filed.
Outcome = Literal["compliant", "compliant_after_rectification", "not_compliant"]
OUTCOMES: tuple[Outcome, ...] = ("compliant", "compliant_after_rectification", "not_compliant")

#: How the service reaches users (the platform form's "网站/APP").
Channel = Literal["website", "app", "mini_program", "other"]
CHANNELS: tuple[Channel, ...] = ("website", "app", "mini_program", "other")

#: Who carried out the assessment (Art. 4).
AssessorKind = Literal["self", "third_party"]

SignerRole = Literal[
    "responsible_person", "security_lead", "assessment_lead", "third_party_lead", "reviewer"
]
SIGNER_ROLES: tuple[SignerRole, ...] = (
    "responsible_person",
    "security_lead",
    "assessment_lead",
    "third_party_lead",
    "reviewer",
)

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
NonEmpty = Annotated[str, Field(min_length=1)]


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamps must carry a UTC offset (a frozen report is read anywhere)")
    return value


AwareDatetime = Annotated[dt.datetime, AfterValidator(_aware)]


class _Frozen(BaseModel):
    """Immutable, strict about unknown keys: a typo in a snapshot is an error, not a lost field."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """Free text in Chinese (required: the report is filed in Chinese) and optionally English."""

    zh: NonEmpty
    en: str = ""

    def get(self, lang: Lang) -> str:
        """The text in `lang`; English falls back to the Chinese original."""
        if lang == "en" and self.en:
            return self.en
        return self.zh


class Division(_Frozen):
    """An administrative division (GB/T 2260 code and name): where something is located."""

    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]
    name: Text
    detail: str = ""  # street address or data-centre name below the division

    def get(self, lang: Lang) -> str:
        text = (
            f"{self.name.get(lang)}（{self.code}）"
            if lang == "zh"
            else f"{self.name.get(lang)} ({self.code})"
        )
        return f"{text} {self.detail}".strip() if self.detail else text


class UnitSubject(_Frozen):
    """The platform form's subject information for a unit (单位)."""

    kind: Literal["unit"] = "unit"
    name: Text
    credit_code: str = ""  # unified social credit code (GB 32100), public
    registered_location: Division  # 注册地
    operating_location: Division  # 运营团队所在地
    contact_name: NonEmpty
    contact_phone: NonEmpty  # personal data: masked by default


class IndividualSubject(_Frozen):
    """The platform form's subject information for an individual (个人)."""

    kind: Literal["individual"] = "individual"
    name: NonEmpty
    phone: NonEmpty  # personal data
    id_number: NonEmpty  # personal data (resident identity number or permit)
    residence: Division  # 常住地


Subject = Annotated[UnitSubject | IndividualSubject, Field(discriminator="kind")]


class Licence(_Frozen):
    """A further licence or filing (e.g. 增值电信业务经营许可证)."""

    name: Text
    number: NonEmpty


class Licences(_Frozen):
    """Art. 6 ¶2 (1) 相关证照获取情况. Empty means "not held", which the report says explicitly."""

    icp: str = ""  # ICP 备案号 or ICP 许可证号
    news_licence: str = ""  # 互联网新闻信息服务许可证编号
    psb_filing: str = ""  # 公安机关联网备案号
    other: tuple[Licence, ...] = ()


class Service(_Frozen):
    """Art. 6 ¶2 (1) basic information plus the platform form's basic situation (基本情况)."""

    service_name: Text
    function_name: Text
    function_description: Text
    network_link: NonEmpty  # 网络链接
    channel: Channel  # 网站/APP
    functions: tuple[Text, ...] = Field(min_length=1)  # 功能
    service_scope: Text  # 服务范围
    facilities: Text  # 软硬件设施
    deployment: Division  # 部署位置
    licences: Licences = Licences()


class Assessor(_Frozen):
    """Art. 4: the provider itself, or a third-party security assessment body it commissioned."""

    kind: AssessorKind
    name: Text
    credit_code: str = ""


class Situation(_Frozen):
    """One of the five Art. 3 situations that makes an assessment due, with what happened."""

    item: Annotated[int, Field(ge=1, le=5)]
    note: Text | None = None  # e.g. the notice number for (5), the growth figures for (3)


class MainContent(_Frozen):
    """One of the eight main contents of Art. 5 (一)–(八) and its actual situation (实际情况)."""

    item: Annotated[int, Field(ge=1, le=8)]
    actual_situation: Text


class Evidence(_Frozen):
    """A piece of evidence, fixed by its hash so the authority can check what it was shown."""

    name: Text
    sha256: Sha256
    effective_on: dt.date


class Finding(_Frozen):
    """A hidden danger found and its rectification (Art. 6 ¶1: rectify until it is removed)."""

    description: Text
    action: Text
    owner: NonEmpty
    due: dt.date
    verified_by: str = ""
    closed_at: AwareDatetime | None = None


class PointResult(_Frozen):
    """The result of one assessment point (评估要点, catalog `sa-2018`), as shown in part (2)."""

    point_id: NonEmpty  # catalog point id, e.g. "art5.3"
    title: Text
    result: Result
    na_reason: Text | None = None
    actual_situation: Text
    evidence: tuple[Evidence, ...] = ()
    findings: tuple[Finding, ...] = ()

    @model_validator(mode="after")
    def _reason_iff_not_applicable(self) -> PointResult:
        if self.result == "not_applicable" and self.na_reason is None:
            raise ValueError(f"point {self.point_id}: 'not_applicable' needs na_reason")
        if self.result != "not_applicable" and self.na_reason is not None:
            raise ValueError(f"point {self.point_id}: na_reason only with 'not_applicable'")
        return self


class Conclusion(_Frozen):
    """Art. 6 ¶2 (3) 安全评估结论."""

    outcome: Outcome
    statement: Text


class Signature(_Frozen):
    """A signature over the snapshot's content hash (`ReportSnapshot.content_hash`)."""

    signer_name: NonEmpty
    role: SignerRole
    signed_at: AwareDatetime
    snapshot_hash: Sha256


class ReportSnapshot(_Frozen):
    """One frozen security assessment report (sa-2018 Art. 6 ¶2 and the platform's form)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    regulation: Literal["sa-2018"] = "sa-2018"
    assessment_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    created_at: AwareDatetime
    frozen_at: AwareDatetime
    report_date: dt.date
    subject: Subject
    service: Service
    situations: tuple[Situation, ...] = Field(min_length=1)
    assessor: Assessor
    main_contents: tuple[MainContent, ...]
    points: tuple[PointResult, ...] = Field(min_length=1)
    conclusion: Conclusion
    other_matters: Text
    signatures: tuple[Signature, ...] = ()
    #: set on a masked copy (`masked()`): the content hash of the full snapshot it was made from
    masked_from: Sha256 | None = None

    @model_validator(mode="after")
    def _complete(self) -> ReportSnapshot:
        items = [c.item for c in self.main_contents]
        if items != list(range(1, 9)):
            raise ValueError(f"main_contents must be Art. 5 items 1-8 in order, got {items}")
        situations = [s.item for s in self.situations]
        if situations != sorted(set(situations)):
            raise ValueError(f"situations must be distinct and in order, got {situations}")
        ids = [p.point_id for p in self.points]
        if len(ids) != len(set(ids)):
            raise ValueError("point ids must be unique")
        if self.frozen_at < self.created_at:
            raise ValueError("frozen_at is before created_at")
        return self

    # -- hashing -------------------------------------------------------------------------------

    def canonical_json(self) -> bytes:
        """Sorted keys, UTF-8, no insignificant whitespace: stable bytes for a stable hash."""
        return canonical_json(self.model_dump(mode="json"))

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON without the signatures: what the signers sign.

        A masked copy reports the hash of the full snapshot it was made from (`masked_from`), so
        its signatures still show as matching; only the holder of the full copy (the authority)
        can recompute that hash.
        """
        if self.masked_from is not None:
            return self.masked_from
        data = self.model_dump(mode="json", exclude={"signatures", "masked_from"})
        return hashlib.sha256(canonical_json(data)).hexdigest()

    @property
    def is_masked(self) -> bool:
        return self.masked_from is not None

    def unsigned_by(self) -> list[Signature]:
        """Signatures whose hash is not this snapshot's content hash (empty when all hold)."""
        digest = self.content_hash()
        return [s for s in self.signatures if s.snapshot_hash != digest]

    # -- privacy -------------------------------------------------------------------------------

    def masked(self) -> ReportSnapshot:
        """The copy with ID and phone numbers masked, as every report shows them by default."""
        if self.is_masked:
            return self
        subject: UnitSubject | IndividualSubject
        if isinstance(self.subject, UnitSubject):
            subject = self.subject.model_copy(
                update={"contact_phone": mask_phone(self.subject.contact_phone)}
            )
        else:
            subject = self.subject.model_copy(
                update={
                    "phone": mask_phone(self.subject.phone),
                    "id_number": mask_id_number(self.subject.id_number),
                }
            )
        return self.model_copy(update={"subject": subject, "masked_from": self.content_hash()})


def canonical_json(data: Any) -> bytes:
    """JSON with sorted keys, UTF-8 (not \\u escapes) and compact separators."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def _compact(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


def mask_phone(value: str) -> str:
    """Keep the prefix and the last four digits (+86138****8000, 1380***8000)."""
    return identifiers.mask(_compact(value), "mobile")


def mask_id_number(value: str) -> str:
    """Keep four characters at each end (4403**********123X)."""
    return identifiers.mask(_compact(value).upper(), "resident_id")


def load(data: bytes | str) -> ReportSnapshot:
    """Parse and validate a snapshot from JSON."""
    return ReportSnapshot.model_validate_json(data)
