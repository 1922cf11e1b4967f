"""SIPRI weapon descriptions -> a weapon category a reader understands.

One explicit table: every description that occurs in SIPRI's trade register (file 1) or in its
deliveries-by-year export (file 2) is listed, lower-cased, with its category. A description that
is not listed makes the build fail (tests/test_ingest_weapon_categories.py checks both files), so
a new SIPRI wording is classified by a person, never guessed.

Conventions (the categories are coarser than SIPRI's armament categories):
- aircraft: manned fixed-wing aircraft, helicopters and airships.
- UAVs and loitering munitions: unmanned aircraft of every kind, loitering munitions and
  one-way attack drones (SIPRI files the last two under 'Missiles').
- air defence: air-defence *systems* (SAM systems, anti-aircraft guns, ABM systems, naval SAM
  systems). The interceptor missiles themselves (SAM, portable SAM, ABM missile) are 'missiles',
  as in SIPRI.
- armoured vehicles: tanks, APCs, IFVs, armoured cars, engineering and recovery vehicles, their
  chassis and turrets, and unmanned ground vehicles.
- artillery and rocket launchers: guns, mortars and rocket launchers on land or at sea (naval
  guns included), coastal-defence systems and surface-to-surface missile launchers.
- missiles: guided missiles, guided bombs, rockets and shells, torpedoes and naval mines.
- ships: surface ships, submarines, boats and craft.
- sensors: radars, sonars, electro-optical, reconnaissance and signals-intelligence systems,
  and reconnaissance/surveillance satellites.
- other (explicit list only): engines, air-refuelling systems, a ship's nuclear reactor and a
  helicopter gun turret.
SIPRI's typos ('torpdeo boat', 'iinfantry fighting vehicle turret', 'ampibious') are listed as
they appear.
"""

from __future__ import annotations

import re

from strategic_ties.errors import DataError

CATEGORIES = (
    "aircraft",
    "UAVs and loitering munitions",
    "air defence",
    "armoured vehicles",
    "artillery and rocket launchers",
    "missiles",
    "ships",
    "sensors",
    "other",
)

_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "aircraft": (
        "(armed) trainer aircraft",
        "airborne early-warning aircraft",
        "airborne early-warning helicopter",
        "airborne early-warning/ground surveillance aircraft",
        "anti-ship helicopter",
        "anti-submarine aircraft",
        "anti-submarine helicopter",
        "bomber aircraft",
        "combat helicopter",
        "fga aircraft",
        "fga/electronic warfare aircraft",
        "fighter aircraft",
        "ground surveillance aircraft",
        "ground-attack aircraft",
        "heavy transport aircraft",
        "helicopter",
        "helicopter/transport aircraft",
        "light /trainer aircraft",
        "light aircraft",
        "light helicopter",
        "light transport aircraft",
        "light transport airship",
        "light/trainer aircraft",
        "maritime patrol aircraft",
        "reconnaissance aircraft",
        "reconnaissance/signals intelligence aircraft",
        "signals intelligence aircraft",
        "signals intelligence helicopter",
        "signals intelligence/ground surveillance aircraft aircraft",
        "tanker/transport aircraft",
        "target tow aircraft",
        "trainer aircraft",
        "trainer/combat aircraft",
        "transport aircraft",
        "transport helicopter",
        "transport/trainer aircraft",
    ),
    "UAVs and loitering munitions": (
        "(armed) uav",
        "armed uav",
        "light aircraft/uav",
        "loitering munition",
        "maritime patrol uav",
        "one-way attack drone",
        "uav",
    ),
    "air defence": (
        "abm system",
        "abm/sam system",
        "air-defence system",
        "anti-aircraft gun",
        "anti-aircraft gun system",
        "anti-aircraft gun turret",
        "anti-aircraft gun/sam system",
        "mobile sam system",
        "naval sam system",
        "sam system",
        "self-propelled ad system",
        "self-propelled air-defence system",
        "self-propelled anti-aircraft gun",
    ),
    "armoured vehicles": (
        "apc",
        "apc turret",
        "armed ugv",
        "armoured bridgelayer",
        "armoured car",
        "armoured engineer vehicle",
        "armoured engineer/recovery vehicle",
        "armoured logistical vehicle",
        "armoured personnel carrier",
        "armoured personnel carrier turret",
        "armoured reconnaissance vehicle",
        "armoured recovery vehicle",
        "armoured supply vehicle",
        "fire-support vehicle",
        "iinfantry fighting vehicle turret",
        "infantry fighting vehicle",
        "infantry fighting vehicle turret",
        "light tank",
        "self-propelled gun chassis",
        "tank",
        "tank chassis",
        "tank destroyer",
        "tank destroyer turret",
        "tank turret",
        "training tank",
    ),
    "artillery and rocket launchers": (
        "anti-submarine mortar",
        "anti-submarine rocket launcher",
        "coastal defence gun",
        "coastal defence system",
        "mortar",
        "mortar turret",
        "multiple rocket launcher",
        "naval gun",
        "naval multiple rocket launcher",
        "self-propelled gun",
        "self-propelled gun turret",
        "self-propelled mortar",
        "surface-to-surface missile launcher",
        "towed gun",
    ),
    "missiles": (
        "abm missile",
        "air-to-surface missile",
        "air-to-surface/anti-ship missile",
        "air-to-surface/surface-to-surface missile",
        "anti-radar missile",
        "anti-radar missile/asm",
        "anti-ship missile",
        "anti-ship missile/asm/sam",
        "anti-ship torpedo",
        "anti-ship/anti-radar missile",
        "anti-ship/anti-submarine torpedo",
        "anti-ship/land-attack missile",
        "anti-ship/surface-to-surface missile",
        "anti-submarine missile",
        "anti-submarine torpedo",
        "anti-submarine/ship torpedo",
        "anti-tank missile",
        "anti-tank/air-to-surface missile",
        "guided bomb",
        "guided glide bomb",
        "guided rocket",
        "guided rocket/air-to-surface missile",
        "guided shell",
        "land-attack missile",
        "long-range air-to-air missile",
        "long-range air-to-air missile/sam",
        "naval mine/torpedo",
        "portable sam",
        "sam",
        "sam/abm",
        "short-range air-to-air missile",
        "submarine-launched ballistic missile",
        "surface-to-surface missile",
    ),
    "ships": (
        "aircraft carrier",
        "amphibious assault ship",
        "ampibious assault ship/frigate",
        "cargo craft",
        "cargo ship",
        "corvette",
        "corvette/minesweeper",
        "cruiser",
        "destroyer",
        "frigate",
        "frigate/landing ship",
        "gunboat",
        "icebreaker",
        "landing craft",
        "landing craft/patrol boat",
        "landing ship",
        "mcm ship",
        "midget submarine",
        "minehunter",
        "minelayer",
        "minesweeper",
        "missile boat",
        "nuclear submarine",
        "patrol boat",
        "patrol boat/transport craft",
        "patrol ship",
        "patrol ship/frigate",
        "patrol ship/icebreaker",
        "patrol ship/support ship",
        "patrol ship/training ship",
        "patrol ship/transport ship",
        "patrol ship/tug",
        "replenishment ship",
        "replenishment tanker",
        "salvage ship",
        "signals intelligence ship",
        "submarine",
        "support craft",
        "support ship",
        "support/landing ship",
        "survey ship",
        "tanker",
        "torpdeo boat",
        "torpedo boat",
        "training ship",
        "transport craft",
        "transport ship",
        "tug",
    ),
    "sensors": (
        "air search radar",
        "air search system",
        "air-search radar",
        "air-search system",
        "air-search/fire-control radar",
        "air/sea search radar",
        "air/sea-search radar",
        "airborne early-warning radar",
        "aircraft electro-optical system",
        "aircraft eo system",
        "aircraft eo/radar system",
        "aircraft recce system",
        "aircraft reconnaissance system",
        "aircraft sea search radar",
        "anti-submarine sonar",
        "artillery locating radar",
        "asw sonar",
        "combat aircraft radar",
        "combat heli radar",
        "combat helicopter radar",
        "electro-optical fire-control system",
        "electro-optical system",
        "eo search/fire control",
        "eo system",
        "fire control radar",
        "fire-control radar",
        "fire-control/air-search radar",
        "ground surveillance radar",
        "ground-surveillance radar",
        "height-finding radar",
        "maritime patrol aircraft radar",
        "multi-function radar",
        "multi-role radar",
        "naval eo system",
        "recce satellite",
        "reconnaissance/signals intelligence system",
        "sam system radar",
        "sea search radar",
        "sea-search radar",
        "signals intelligence system",
        "sonar",
        "submarine sonar",
        "surveillance satellite",
    ),
    "other": (
        "air refuel system",
        "aircraft engine",
        "aircraft jet engine",
        "gas turbine",
        "helicopter turret",
        "ship engine",
        "ship nuclear reactor",
        "turbofan",
        "turbojet",
        "turboprop",
        "vehicle engine",
    ),
}

MAPPING: dict[str, str] = {
    description: category
    for category, descriptions in _BY_CATEGORY.items()
    for description in descriptions
}


def _key(description: str) -> str:
    return re.sub(r"\s+", " ", description.strip().lower())


def category_of(description: str) -> str | None:
    """The category of one SIPRI description, or None if it is not in the table."""
    return MAPPING.get(_key(description))


def categorise(descriptions) -> list[str]:
    """Categories for a sequence of descriptions; DataError listing every unmapped one."""
    values = list(descriptions)
    unmapped = sorted({d for d in values if isinstance(d, str) and category_of(d) is None})
    if unmapped:
        raise DataError(
            "SIPRI weapon description(s) without a category: "
            f"{', '.join(map(repr, unmapped))}; add them to ingest/weapon_categories.py."
        )
    return [category_of(d) if isinstance(d, str) else None for d in values]
