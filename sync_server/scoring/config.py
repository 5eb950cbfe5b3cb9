"""The scoring job's configuration: weights and rules as data, read from the data folder."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from shared.facts import DEFAULT_RULES, FactRules
from shared.rewards import DEFAULT_RULES as DEFAULT_REWARDS
from shared.rewards import RewardRules
from shared.scoring import DEFAULT_WEIGHTS, ScoreWeights
from shared.supervision import DEFAULT_SUPERVISION, SupervisionRules
from sync_server.settings import Settings

CONFIG_FILE = "scoring.json"
"""In the data folder; every key optional, e.g. ``{"weights": {"concealment_each": 20}}``."""


class ScoringConfig(BaseModel):
    """Everything a city may tune about scores, lights, supervision and the nightly run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: ScoreWeights = DEFAULT_WEIGHTS
    facts: FactRules = DEFAULT_RULES
    supervision: SupervisionRules = DEFAULT_SUPERVISION
    rewards: RewardRules = DEFAULT_REWARDS
    """奖惩: points per deed of an enterprise's people (``/v1/scores/rewards``)."""
    zone: str = "Asia/Shanghai"
    """Whose midnight ends a day; China has one zone and no daylight saving."""
    run_after_midnight_seconds: float = Field(default=0.0, ge=0)
    """How long after 00:00 the nightly run starts."""
    catch_up_days: int = Field(default=31, ge=1)
    """On start, missed days are scored back to at most this many days ago (the CLI does more)."""
    chunk: int = Field(default=500, ge=1)
    """Enterprises scored per transaction; progress is saved after each chunk."""
    lease_seconds: float = Field(default=300.0, gt=0)
    """A run whose owner has not reported for this long is taken over (it was killed)."""

    @property
    def tz(self) -> ZoneInfo:
        """The zone, from the system's tz database (or the tzdata package where there is none)."""
        return ZoneInfo(self.zone)


def load_scoring_config(settings: Settings) -> ScoringConfig:
    """The data folder's ``scoring.json``, or the defaults when there is none."""
    path = settings.data_dir / CONFIG_FILE
    if not path.exists():
        return ScoringConfig()
    return ScoringConfig.model_validate_json(path.read_text(encoding="utf-8"))
