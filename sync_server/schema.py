"""One schema for SQLite and PostgreSQL, in SQLAlchemy Core.

Events are the truth; ``hazards`` and ``card_records`` are projections rebuilt from them;
``quarantine`` keeps what a phone sent that could not be accepted, so nothing is ever dropped.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("tenant", String(64)),
    Column("grid_unit", String(64)),
    Column("display_name", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Index("ix_users_tenant", "tenant"),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(64), nullable=False, index=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

# A user's token generation: revoking their sign-ins (disable, password change or reset, revoke)
# adds one, and an access token of an older generation opens nothing. A missing row is 0. Kept
# out of ``users`` so databases made before it gain it by ``create_all``, without a migration.
token_generations = Table(
    "token_generations",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

# A person's profile beyond their name (``shared.people.Profile``); a missing row is an empty
# profile. Kept out of ``users``, as the token generations are, so databases made before it gain
# it by ``create_all`` without a migration.
profiles = Table(
    "profiles",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("phone", String(32), nullable=False, default=""),
    Column("department", String(100), nullable=False, default=""),
    Column("badge_no", String(32), nullable=False, default=""),
    Column("authority", String(300), nullable=False, default=""),
    Column("authority_code", String(32), nullable=False, default=""),
)

# Who holds which post: a worker may hold several posts, a post has several people.
post_people = Table(
    "post_people",
    metadata,
    Column("post_id", String(64), primary_key=True),
    Column("user_id", String(64), primary_key=True, index=True),
    Column("tenant", String(64), nullable=False, index=True),
)

# When a person last changed (account, profile, posts, disabled), from the reference counter:
# ``GET /v1/reference`` by delta sends only the people changed since the phone's cursor. A
# missing row is a person unchanged since before cursors (sent in full answers only). Kept out
# of ``users``, as the profiles are, so databases made before it gain it by ``create_all``.
person_changes = Table(
    "person_changes",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Index("ix_person_changes_seq", "seq"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("user_id", String(64), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("max_seq", BigInteger, nullable=False, default=0),
    Column("seq_count", BigInteger, nullable=False, default=0),
    Column("last_seen_at", DateTime(timezone=True)),
    Column("max_skew_ms", BigInteger, nullable=False, default=0),
)

# The single sequence row: updated inside every writing transaction, so server_seq follows
# commit order on PostgreSQL too (nextval would not: a later value can commit first).
sequence = Table(
    "sequence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Counters other than the events' (``sequence`` keeps that one alone): ``reference`` numbers
# every write of reference data (a phone's reference cursor), ``scope_changed`` holds its value
# when a grid path last changed. Updated inside the writing transaction, like ``sequence``.
counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("server_seq", BigInteger, unique=True),  # null while held
    Column("status", String(12), nullable=False),  # accepted | held
    Column("tenant", String(64), nullable=False),
    Column("aggregate_type", String(20), nullable=False),
    Column("aggregate_id", String(200), nullable=False),
    Column("type", String(40), nullable=False),
    Column("device_id", String(128), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("hlc", String(160), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("body", JSON, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("pushed_by", String(64), nullable=False),
    Index("ix_events_tenant_seq", "tenant", "server_seq"),
    # The nightly score's last 风险清单复核 of each enterprise: by its few events of that type,
    # not every event the enterprise ever sent (issue 16: the whole table each night at 10^7).
    Index("ix_events_tenant_type", "tenant", "type"),
    # aggregate_id first: projections read several aggregates by id in one query.
    Index("ix_events_aggregate", "aggregate_id", "aggregate_type"),
    Index("ix_events_device_seq", "device_id", "device_seq"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, index=True),
    Column("reason_code", String(60), nullable=False),
    Column("reason", Text, nullable=False),
    Column("body", JSON, nullable=False),
    Column("pushed_by", String(64), nullable=False),
    Column("device_id", String(128), index=True),  # the pushing device: its gaps are looked up
    Column("received_at", DateTime(timezone=True), nullable=False),
)

hazards = Table(
    "hazards",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("tenant", String(64), nullable=False, index=True),
    Column("status", String(30), nullable=False),
    Column("grade", String(10), nullable=False),
    Column("deadline", DateTime(timezone=True)),
    Column("open_conflicts", Integer, nullable=False),
    Column("body", JSON, nullable=False),
)

# Risk points identified by events (shared.risk_register): the fold, for the record and checks.
risks = Table(
    "risks",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("tenant", String(64), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("colour", String(10), nullable=False),
    Column("body", JSON, nullable=False),
)

card_records = Table(
    "card_records",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("tenant", String(64), nullable=False, index=True),
    Column("post_id", String(64), nullable=False),
    Column("period", String(40), nullable=False),
    Column("body", JSON, nullable=False),
    # A night reads the window's periods of each enterprise, not its whole history of records.
    Index("ix_card_records_tenant_period", "tenant", "period"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64)),
    Column("action", String(60), nullable=False),
    Column("subject", String(200)),
    Column("detail", JSON, nullable=False),
    Index("ix_audit_action", "action"),
)

# Reference data: one row per record, the shared model as JSON, scoped by tenant or grid unit.
reference = Table(
    "reference",
    metadata,
    Column(
        "kind", String(20), primary_key=True
    ),  # grid_unit | enterprise | workshop | post | card | risk_point
    Column("id", String(64), primary_key=True),
    Column("tenant", String(64), index=True),
    Column("body", JSON, nullable=False),
    # When the row last changed, from the reference counter (``sequence`` row 2): the phone's
    # reference cursor. Null only in a database made before it, until the start fills it.
    Column("seq", BigInteger),
    Index("ix_reference_seq", "seq", unique=True),
    Index("ix_reference_tenant_seq", "tenant", "seq"),
)

PATH = String(1000).with_variant(String(1000, collation="C"), "postgresql")
"""A grid path compares byte by byte (PostgreSQL's locale collation would not), so a unit's
enterprises are the range [path, path with its last '/' made '0'), which an index answers."""

# Each enterprise's place in the grid as a materialised path of unit ids, city first
# (``/C/X0/V0-1/``): "every enterprise within unit U" is an indexed range, not a walk of the city.
# Kept by sync_server/scope.py whenever reference data is written; ``moved_seq`` is the
# reference counter when the path last changed, so a phone's reference cursor older than a
# move gets the full answer again.
enterprises = Table(
    "enterprises",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("grid_unit", String(64), nullable=False),
    Column("grid_path", PATH, nullable=False),
    Column("moved_seq", BigInteger, nullable=False, default=0),
    Index("ix_enterprises_grid_path", "grid_path"),
    Index("ix_enterprises_moved_seq", "moved_seq"),
)

# Each grid unit's materialised path, ending with its own id: the same ranges find its units.
grid_unit_paths = Table(
    "grid_unit_paths",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("grid_path", PATH, nullable=False),
    Index("ix_grid_unit_paths_grid_path", "grid_path"),
)

# A verified photo: the original bytes kept byte-exact, and the only files ever served, the
# re-encoded derivatives (made once at verification; the original is never sent back out).
blobs = Table(
    "blobs",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(40), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("display", LargeBinary, nullable=False),
    Column("thumb", LargeBinary, nullable=False),
    Column("verified_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# An upload in progress: one row per stored chunk, so appending never rewrites what came before.
# The key includes the chunk's start, so two writers racing for the same offset cannot both win.
uploads = Table(
    "uploads",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("start", BigInteger, primary_key=True),
    Column("size", BigInteger, nullable=False),  # the declared total, the same on every row
    Column("length", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("sent_by", String(64), nullable=False),
)

# One enterprise's score for one local day, written by the scoring job (sync_server/scoring/job.py)
# and replaced whole when the day is scored again. ``body`` is the shared DayScore with its
# explanation, ``facts`` the EnterpriseDayFacts it was computed from, ``ranks`` the enterprise's
# {grid unit: [place, out of]} by month score, filled once the whole day is scored.
daily_scores = Table(
    "daily_scores",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("grid_unit", String(64), nullable=False),
    Column("total", Float, nullable=False),
    Column("tier", String(10), nullable=False),
    Column("month_score", Float, nullable=False),
    Column("light", String(10)),  # the gravest light: red | yellow | null
    Column("lights", JSON, nullable=False),
    Column("ranks", JSON, nullable=False),
    Column("body", JSON, nullable=False),
    Column("facts", JSON, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Index("ix_daily_scores_day_unit", "day", "grid_unit"),
    Index("ix_daily_scores_day_light", "day", "light"),  # a day's lit enterprises, not all
)

# A grid unit's day, summed by the scoring job over the enterprises at or below it, so the
# regulator's city, trend and hazards read a few rows instead of folding every enterprise's.
# ``path`` is the unit's chain of ids from the city down (``/C/X/T/V/``): "within U" is a prefix.
# ``hazards`` is {status: {grade: count}} as at the day's end (voided left out), ``overdue``
# {grade: count}, ``overdue_hazards`` the first ``OVERDUE_LISTED`` of them, gravest first.
grid_rollups = Table(
    "grid_rollups",
    metadata,
    Column("day", Date, primary_key=True),
    Column("unit", String(64), primary_key=True),
    Column("parent", String(64)),
    Column("path", String(400), nullable=False),
    Column("enterprises", Integer, nullable=False),
    Column("sum_total", Float, nullable=False),
    Column("sum_month_score", Float, nullable=False),
    Column("tiers", JSON, nullable=False),
    Column("red", Integer, nullable=False),
    Column("yellow", Integer, nullable=False),
    Column("cards_on_time", Integer, nullable=False),
    Column("cards_late", Integer, nullable=False),
    Column("cards_missed", Integer, nullable=False),
    Column("hazards", JSON, nullable=False),
    Column("overdue", JSON, nullable=False),
    Column("overdue_hazards", JSON, nullable=False),
    Index("ix_grid_rollups_day_parent", "day", "parent"),
    Index("ix_grid_rollups_unit_day", "unit", "day"),
)

# The regulator's 四色图 (issue 17), kept as risk points change (sync_server/risk_rollup.py):
# each enterprise's points by colour and its highest colour, with the path it was counted
# under, and each unit's sums over the enterprises at or below it, so a unit's picture reads
# its row and its children's, whatever the size of the city. ``enterprises`` and ``points``
# are {colour: count}; an enterprise without points counts under "none".
enterprise_risk_counts = Table(
    "enterprise_risk_counts",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("grid_path", PATH, nullable=False),
    Column("highest", String(10)),
    Column("points", JSON, nullable=False),
)
grid_risk_rollups = Table(
    "grid_risk_rollups",
    metadata,
    Column("unit", String(64), primary_key=True),
    Column("parent", String(64)),
    Column("enterprises", JSON, nullable=False),
    Column("points", JSON, nullable=False),
    Index("ix_grid_risk_rollups_parent", "parent"),
)

# One scoring run per local day: a lease (owner, heartbeat) so one replica scores a day at a
# time, and progress (the last tenant scored, in id order) so a killed run resumes.
score_runs = Table(
    "score_runs",
    metadata,
    Column("day", Date, primary_key=True),
    Column("status", String(10), nullable=False),  # running | ranking | done
    Column("owner", String(64), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("cursor", String(64)),
    Column("scored", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

# The local days on which each user signed in (password or token refresh), one row a day: the
# facts of 履职在线 and "no 安全负责人 sign-in for 7 days" without an audit row per refresh.
sign_in_days = Table(
    "sign_in_days",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("tenant", String(64)),
    Column("role", String(20), nullable=False),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Index("ix_sign_in_days_tenant_day", "tenant", "day"),
)

# 整改通知书 numbers: the last number each authority gave in each year, and the number the
# server confirmed for each inspection (a phone offline numbers its notice provisionally).
notice_sequences = Table(
    "notice_sequences",
    metadata,
    Column("authority_code", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)

notice_numbers = Table(
    "notice_numbers",
    metadata,
    Column("inspection_id", String(200), primary_key=True),
    Column("tenant", String(64), nullable=False),
    Column("authority", String(300), nullable=False),
    Column("authority_code", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("number", String(300), nullable=False),
    Column("provisional", String(300), nullable=False),
    Column("confirmed_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("authority_code", "year", "seq", name="uq_notice_numbers_seq"),
)

# Issue 18: the score's weights as data. Each change a regulator or admin makes is a version
# (who, when, why, the weights before and after); version 0 is ``scoring.json``'s own. Each
# scored day names the version its run used, so a score says which weights made it.
score_weights = Table(
    "score_weights",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("weights", JSON, nullable=False),
    Column("previous", JSON, nullable=False),
    Column("changed_by", String(64), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=False),
)

score_day_weights = Table(
    "score_day_weights",
    metadata,
    Column("day", Date, primary_key=True),
    Column("version", Integer, nullable=False),
)

# The highest official number of each authority and year that a stored inspection event
# carries (notices numbered on paper, the demo's): where a year's count starts, read as one row
# instead of a scan of every inspection on record (issue 16).
notice_numbers_on_record = Table(
    "notice_numbers_on_record",
    metadata,
    Column("authority_code", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("highest", Integer, nullable=False),
)
