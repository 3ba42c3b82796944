"""What a log must record, by role (sa-2018 Art. 5(3)): the roles of a network log and of a
record of published information, the column names recognised for each, and their names."""

from __future__ import annotations

from anping.checks.result import Bilingual

LOG_POINTS = ("sa-2018:art5.3", "pa-2017:art16.logs", "mps-insp-2018d:art11.4")
PUBLISHED_POINTS = ("sa-2018:art5.3", "pa-2017:art16.logs")

#: Roles of a network log (sa-2018 Art. 5(3)) and the column names recognised for each.
LOG_ROLES: dict[str, tuple[str, ...]] = {
    "account": ("user_id", "userid", "account", "account_id", "uid", "username", "user", "login"),
    "time": (
        "ts",
        "time",
        "timestamp",
        "@timestamp",
        "event_time",
        "log_time",
        "datetime",
        "date_time",
        "created_at",
    ),
    "op_type": ("action", "op", "op_type", "operation", "event", "event_type", "method", "type"),
    "src_ip": ("src_ip", "client_ip", "source_ip", "remote_addr", "remote_ip", "sip", "ip"),
    "dst_ip": ("dst_ip", "dest_ip", "destination_ip", "server_ip", "dip", "target_ip"),
    "src_port": ("src_port", "client_port", "source_port", "sport", "remote_port"),
    "device": (
        "device_id",
        "imei",
        "mac",
        "device",
        "hardware_id",
        "android_id",
        "idfa",
        "idfv",
        "oaid",
        "client_id",
    ),
}

#: Roles of a record of user-published information (sa-2018 Art. 5(3), pa-2017 Art. 16).
POST_ROLES: dict[str, tuple[str, ...]] = {
    "account": ("user_id", "userid", "author_id", "account", "uid", "author", "username", "user"),
    "time": (
        "published_at",
        "publish_time",
        "created_at",
        "post_time",
        "ts",
        "time",
        "timestamp",
        "@timestamp",
    ),
    "content": (
        "content",
        "text",
        "body",
        "message",
        "msg",
        "title",
        "content_hash",
        "content_id",
        "post_id",
        "record_id",
        "id",
    ),
}

PERSONAL_ROLES = frozenset({"account", "src_ip", "dst_ip", "device", "content"})
IP_ROLES = ("src_ip", "dst_ip")
PORT_ROLES = ("src_port",)

ROLE_NAMES: dict[str, Bilingual] = {
    "account": Bilingual(zh="用户账号", en="user account"),
    "time": Bilingual(zh="操作时间", en="time of operation"),
    "op_type": Bilingual(zh="操作类型", en="type of operation"),
    "src_ip": Bilingual(zh="网络源地址", en="source network address"),
    "dst_ip": Bilingual(zh="网络目标地址", en="destination network address"),
    "src_port": Bilingual(zh="网络源端口", en="source port"),
    "device": Bilingual(zh="客户端硬件特征", en="client hardware characteristic"),
    "content": Bilingual(zh="发布信息（内容或其标识）", en="published item (content or its id)"),
}
