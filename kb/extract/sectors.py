"""Sector of a commitment, by keyword lexicon."""

from __future__ import annotations

import re

SECTORS: dict[str, tuple[str, ...]] = {
    "energy": ("energy", "electricity", "power", "solar", "wind", "hydropower", "photovoltaic", "coal", "oil", "gas",
               "renewable", "non-fossil", "nuclear", "hydrogen", "grid", "kilowatt", "gw", "mw", "kwh", "battery",
               "storage", "cogeneration", "fuel", "pumped-storage", "generation"),
    "transport": ("transport", "transportation", "vehicle", "vehicles", "car", "cars", "railway", "rail", "road",
                  "expressway", "highway", "port", "airport", "fleet", "charging", "bus", "buses", "truck", "trucks",
                  "traffic", "logistics", "waterway", "taxis", "ride-hailing", "refueling", "mobility"),
    "digital": ("5g", "4g", "digital", "data", "cloud", "computing", "internet", "broadband", "smart", "network",
                "networks", "telecom", "ai", "software"),
    "environment": ("emission", "emissions", "pollution", "carbon", "climate", "waste", "forest", "forests",
                    "greenhouse", "ghg", "co2", "environmental", "environment", "ecological", "biodiversity",
                    "recycled", "recycling", "landfills", "sinks", "water", "pm2.5", "air", "net-zero", "adaptation",
                    "resilience", "sustainability", "sustainable"),
    "industry": ("industry", "industrial", "manufacturing", "manufacturers", "factory", "factories", "steel",
                 "production", "products", "materials", "supply", "chains", "metallurgy", "parks", "clusters"),
    "agriculture": ("agriculture", "agricultural", "farm", "farmers", "crop", "crops", "rural", "livestock", "food",
                    "fishery", "irrigation", "grain"),
    "urban and housing": ("building", "buildings", "housing", "urban", "city", "cities", "construction", "rooftop",
                          "residential", "infrastructure", "campuses", "facilities", "installations", "district"),
    "social": ("jobs", "workers", "employment", "education", "training", "health", "healthcare", "school",
               "schools", "workforce", "poverty", "equity", "justice", "communities", "skills", "employees"),
    "governance": ("policy", "policies", "guidance", "plan", "plans", "report", "reports", "order", "agency",
                   "agencies", "management", "review", "reviews", "council", "officer", "procurement", "regulations",
                   "laws", "standards", "governance", "targets", "strategy"),
    "finance": ("finance", "financial", "investment", "investments", "fund", "funding", "yuan", "dollars", "usd",
                "loans", "grants", "tax", "budget", "bonds", "insurance", "capital"),
}
_WORD = re.compile(r"[a-z0-9][a-z0-9.\-]*")


def sector_of(text: str) -> str | None:
    """The sector whose keywords occur most often in `text` (earlier sectors win ties)."""
    words = [w.strip(".-") for w in _WORD.findall(text.lower())]
    best, best_score = None, 0
    for sector, keys in SECTORS.items():
        score = sum(1 for w in words if w in keys)
        if score > best_score:
            best, best_score = sector, score
    return best
