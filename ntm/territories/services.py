"""Load a province's administrative units, before and after the 1 July 2025 merger, from
the published dataset of the ``vietnamadminunits`` package (MIT licence; its data are
compiled from the General Statistics Office's lists and the 2025 merger resolutions).

Old units (the 63-province map) end on 1 July 2025; new units (the 34-province map) start
that day; each old commune is linked to the new commune(s) it became. Hamlets are not in
the dataset: the commune enters them.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from ntm.territories.models import MERGER_DATE, Unit, UnitKind

SOURCE = "vietnamadminunits 1.0.4 (dataset.db, converter_2025.json)"


class UnknownProvince(LookupError):
    """No province of that name in the dataset."""


@dataclass(frozen=True)
class LoadSummary:
    province: Unit
    old_provinces: int
    districts: int
    old_communes: int
    new_communes: int
    links: int


def _dataset() -> tuple[sqlite3.Connection, dict[str, Any]]:
    data = resources.files("vietnamadminunits").joinpath("data")
    connection = sqlite3.connect(f"file:{data.joinpath('dataset.db')}?mode=ro", uri=True)
    converter = json.loads(data.joinpath("converter_2025.json").read_text("utf-8"))
    return connection, converter


def _key(text: str) -> str:
    return "".join(text.lower().split())


@transaction.atomic
def units_load(*, province: str) -> LoadSummary:
    """Load (or update) the province named ``province`` ("Thái Nguyên"): the merged province
    and its communes, the provinces, districts and communes it was made of, and the
    successor links. Loading twice changes nothing.

    Raises:
        UnknownProvince: no current province of that name.
    """
    connection, converter = _dataset()
    rows = connection.execute(
        "select distinct provinceCode, province, provinceShort, provinceKey from admin_units"
    ).fetchall()
    wanted = [
        row
        for row in rows
        if row[2].lower() == province.strip().lower() or row[1].lower() == province.strip().lower()
    ]
    if not wanted:
        raise UnknownProvince(province)
    code, full, short, key = wanted[0]
    new_province = _upsert(
        UnitKind.PROVINCE,
        code,
        short,
        full.removesuffix(short).strip(),
        None,
        None,
        valid_from=MERGER_DATE,
    )
    new_province.province = new_province
    new_province.save(update_fields=["province"])
    new_codes: dict[str, Unit] = {}
    for ward_code, ward_short, ward_type, ward_key in connection.execute(
        "select wardCode, wardShort, wardType, wardKey from admin_units where provinceCode = ?",
        (code,),
    ):
        new_codes[ward_key] = _upsert(
            UnitKind.COMMUNE,
            ward_code,
            ward_short,
            ward_type,
            new_province,
            new_province,
            valid_from=MERGER_DATE,
        )
    old_keys = converter["DICT_PROVINCE"][key]
    old_units: dict[str, Unit] = {}
    districts = 0
    old_provinces = 0
    for old_key in old_keys:
        legacy = connection.execute(
            "select provinceCode, province, provinceShort, districtCode, districtShort,"
            " districtType, districtKey, wardCode, wardShort, wardType, wardKey"
            " from admin_units_legacy where provinceKey = ?",
            (old_key,),
        ).fetchall()
        if not legacy:
            continue
        p_code, p_full, p_short = legacy[0][:3]
        old_province = _upsert(
            UnitKind.PROVINCE,
            p_code,
            p_short,
            p_full.removesuffix(p_short).strip(),
            None,
            new_province,
            valid_to=MERGER_DATE,
        )
        old_province.successors.add(new_province)
        old_provinces += 1
        seen_districts: dict[str, Unit] = {}
        for _pc, _pf, _ps, d_code, d_short, d_type, d_key, w_code, w_short, w_type, w_key in legacy:
            district = seen_districts.get(d_code)
            if district is None:
                district = _upsert(
                    UnitKind.DISTRICT,
                    d_code,
                    d_short,
                    d_type,
                    old_province,
                    new_province,
                    valid_to=MERGER_DATE,
                )
                seen_districts[d_code] = district
            old_units[f"{old_key}_{d_key}_{w_key}"] = _upsert(
                UnitKind.COMMUNE,
                w_code,
                w_short,
                w_type,
                district,
                new_province,
                valid_to=MERGER_DATE,
            )
        districts += len(seen_districts)
    links = 0
    for new_key, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(key, {}).items():
        for old in olds:
            if old in old_units and new_key in new_codes:
                old_units[old].successors.add(new_codes[new_key])
                links += 1
    for old, news in converter["DICT_PROVINCE_WARD_DIVIDED"].get(key, {}).items():
        for item in news:
            if old in old_units and item["newWardKey"] in new_codes:
                old_units[old].successors.add(new_codes[item["newWardKey"]])
                links += 1
    return LoadSummary(
        new_province, old_provinces, districts, len(old_units), len(new_codes), links
    )


def _upsert(
    kind: str,
    code: str,
    name: str,
    type_name: str,
    parent: Unit | None,
    province: Unit | None,
    *,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Unit:
    unit, _created = Unit.objects.update_or_create(
        kind=kind,
        code=code,
        valid_to=valid_to,
        defaults={
            "name": name,
            "type_name": type_name,
            "parent": parent,
            "province": province,
            "valid_from": valid_from,
            "source": SOURCE,
        },
    )
    return unit
