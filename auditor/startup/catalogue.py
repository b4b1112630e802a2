"""The SDK start-up catalogue (auditor/knowledge/sdk_startup.toml) as frozen values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from auditor.knowledge import load_packaged_toml, read_text


@dataclass(frozen=True)
class MethodSet:
    cls: str  # Java form
    methods: tuple[str, ...]
    kind: str = "init"  # init | pre_init | consent | opt_out
    before_init: bool = False
    required: bool = False
    versions: str = ""

    @property
    def descriptor(self) -> str:
        return "L" + self.cls.replace(".", "/") + ";"

    def matches(self, smali: str) -> bool:
        cls, _, rest = smali.partition("->")
        return cls == self.descriptor and rest.split("(", 1)[0] in self.methods


@dataclass(frozen=True)
class Switch:
    meta_data: str
    opt_out: str
    scope: str = ""
    default_on: bool = True  # False: the SDK starts by itself only when the key says so


@dataclass(frozen=True)
class StartupEntry:
    id: str
    name: str
    init: tuple[MethodSet, ...]
    compliance: tuple[MethodSet, ...]
    switches: tuple[Switch, ...]
    auto_init: tuple[str, ...]
    checked: tuple[str, ...]
    source: str
    examples: dict

    def init_for(self, smali: str) -> MethodSet | None:
        return next((m for m in self.init if m.matches(smali)), None)

    def compliance_for(self, smali: str) -> MethodSet | None:
        return next((m for m in self.compliance if m.matches(smali)), None)


def schema() -> dict:
    return json.loads(read_text("sdk_startup.schema.json"))


def raw_catalogue() -> dict:
    return load_packaged_toml("sdk_startup.toml")


def parse(raw: dict) -> tuple[StartupEntry, ...]:
    out = []
    for s in raw.get("sdk", ()):
        out.append(StartupEntry(
            id=s["id"], name=s["name"],
            init=tuple(MethodSet(i["class"], tuple(i["methods"]), "init", versions=i.get("versions", ""))
                       for i in s.get("init", ())),
            compliance=tuple(MethodSet(c["class"], tuple(c["methods"]), c["kind"], bool(c.get("before_init")),
                                       bool(c.get("required")), c.get("versions", ""))
                             for c in s.get("compliance", ())),
            switches=tuple(Switch(w["meta_data"], w["opt_out"], w.get("scope", ""), w.get("default_on", True))
                           for w in s.get("switch", ())),
            auto_init=tuple(s.get("auto_init", ())), checked=tuple(s.get("checked", ())),
            source=s.get("source", ""), examples=s.get("examples", {})))
    return tuple(out)


@lru_cache(maxsize=None)
def startup_catalogue() -> tuple[StartupEntry, ...]:
    return parse(raw_catalogue())


def validate(raw: dict) -> list[str]:
    """Schema errors plus the checks a schema cannot express (unique ids, examples)."""
    import jsonschema

    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in jsonschema.Draft202012Validator(schema()).iter_errors(raw)]
    if errors:
        return errors
    seen: set[str] = set()
    entries = parse(raw)
    for e in entries:
        if e.id in seen:
            errors.append(f"{e.id}: duplicate id")
        seen.add(e.id)
        for ex in e.examples.get("match", ()):
            owners = [o.id for o in entries if o.init_for(ex) or o.compliance_for(ex)]
            if e.id not in owners or not e.init_for(ex):
                errors.append(f"{e.id}: match example {ex} is not one of its init calls")
        for ex in e.examples.get("no_match", ()):
            if e.init_for(ex):
                errors.append(f"{e.id}: no_match example {ex} is recognised as an init call")
    return errors
