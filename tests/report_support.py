"""A small docs repository for the report's tests: three postmortems and two design docs,
committed to git on set dates, with figures worked out by hand (see tests/test_report.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

CHECKOUT = """\
---
severity: SEV-2
services: [checkout, payments]
tags: [database]
---
# Checkout outage

## Summary

Checkout failed for 12% of requests for 43 minutes after a deploy.

## Impact

About 4,100 customers could not pay.

## Timeline

All times UTC.

| Time | Event |
|---|---|
| 2024-03-01 14:02 | Deploy starts returning 500s on checkout |
| 2024-03-01 14:08 | Alert fired, on-call paged |
| 2024-03-01 14:20 | Rolled back the deploy |
| 2024-03-01 14:45 | Resolved: error rate back to normal |

## Contributing factors

- No canary stage for the checkout service deploys
- Database connection pool exhausted under a retry storm

## Action items

| Action | Owner | Ticket | Due |
|---|---|---|---|
| Add a canary stage to the checkout deploys | @alice | OPS-1 | 2024-04-01 |
| Cap retries in the payments client | | OPS-2 | 2099-01-01 |
| Write the runbook for pool exhaustion | @bob | OPS-3 | Q2 2024 |
"""

PAYMENTS = """\
---
severity: SEV-1
services: [Payments]
---
# Payments database failover

## Summary

Payments were refused for 35 minutes.

## Timeline

All times UTC.

- 2024-05-10 09:00 Primary database stops answering; payments fail
- 2024-05-10 09:15 Customer reports reach support, on-call paged
- 2024-05-10 09:25 Failed over to the replica, payments recovering
- 2024-05-10 09:35 Resolved, all systems operational

## Contributing factors

- Database connection pool exhausted during a retry storm
- Failover is manual and slow

## Action items

- [x] Automate the failover (owner: @carol, OPS-9)
- [ ] Alert on connection pool saturation (owner: @dan, due 2024-06-01)
"""

QUEUE = """\
# Queue backlog

## Summary

The queue backed up for most of a day; nobody kept a timeline.

## Contributing factors

- Consumers were scaled down by hand and never scaled back

## Action items

- Add an alert on queue depth
"""

DESIGN_DRAFT = """\
---
title: A durable queue
status: draft
authors: [alice]
---
# A durable queue

## Summary

Replace the in-memory queue with a durable one.

## Goals

Lose no message when a worker restarts; p99 enqueue latency under 20 ms.
"""

DESIGN_ACCEPTED = """\
---
title: A read-through cache
status: accepted
authors: [bob]
---
# A read-through cache

## Summary

Cache reads of the catalogue for 60 seconds.
"""

CONFIG = """\
[templates]
"postmortems/**" = "postmortem"
"design/**" = "design-doc"
"""


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


def make_repo(tmp_path: Path) -> Path:
    """The repository, under ``tmp_path/docs``."""
    root = tmp_path / "docs"
    (root / "postmortems").mkdir(parents=True)
    (root / "design").mkdir()
    (root / ".writer.toml").write_text(CONFIG, encoding="utf-8")
    (root / "postmortems" / "2024-03-01-checkout.md").write_text(CHECKOUT, encoding="utf-8")
    (root / "postmortems" / "2024-05-10-payments.md").write_text(PAYMENTS, encoding="utf-8")
    (root / "postmortems" / "2024-07-02-queue.md").write_text(QUEUE, encoding="utf-8")
    (root / "design" / "queue.md").write_text(DESIGN_DRAFT, encoding="utf-8")
    (root / "design" / "cache.md").write_text(DESIGN_ACCEPTED, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "docs", when="2023-01-02T10:00:00+00:00")
    # The accepted design's status changed later; the draft's never did.
    accepted = root / "design" / "cache.md"
    accepted.write_text(DESIGN_ACCEPTED.replace("accepted", "accepted "), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "accept the cache", when="2024-11-20T10:00:00+00:00")
    return root
