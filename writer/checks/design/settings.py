"""The ``[design]`` config table, as the design checks read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from writer.checks.base import CheckContext
from writer.checks.design.analysis import APPROVED_STATUSES


@dataclass(frozen=True)
class DesignSettings:
    """The ``[design]`` config table."""

    estimate_tolerance: float = 0.10
    min_alternatives: int = 2
    approved_statuses: tuple[str, ...] = APPROVED_STATUSES
    status_key: str = "status"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> DesignSettings:
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
        }
        return cls(**values)


def settings_of(context: CheckContext) -> DesignSettings:
    return DesignSettings.from_mapping(getattr(context.config, "design", {}) or {})
