"""Several workers deliver from one outbox (distributed mode): with each
channel's advisory lock, every alert goes out once, in order, and a claim cut
off by a crash is sent again marked as a possible repeat, as on one machine."""

from __future__ import annotations

import re
import threading
from functools import partial

import pytest
from sqlalchemy import select

from casewatch.alerts.outbox import Outbox
from casewatch.db import advisory
from casewatch.db.models import Alert
from casewatch.demo.server import Site

pytestmark = pytest.mark.postgres

ALERTS = 30


def _outbox(app) -> Outbox:
    lock = partial(advisory.holding, app.engine, advisory.CHANNEL)
    return Outbox(app.config, app.sessions, app.renderer, channel_lock=lock)


def test_three_workers_sending_at_once_deliver_each_alert_once_in_order(
    workspace, postgres_url: str, alerts_config, alerted_event
) -> None:
    with Site() as endpoint:
        endpoint.latency = 0.01
        alerts_config(workspace, postgres_url, {"staff": f"json://{endpoint.url('/a')[7:]}"})
        app = workspace.app()
        for number in range(ALERTS):
            alerted_event(app, ["staff"], summary=f"notice-{number:02d}")
        start = threading.Barrier(3)
        reports = []

        def worker() -> None:
            outbox = _outbox(workspace.app())
            start.wait()
            reports.append(outbox.deliver(respect_backoff=True))

        threads = [threading.Thread(target=worker) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        texts = [payload["title"] + payload["message"] for _, payload in endpoint.posts]
        said = [re.search(r"notice-\d\d", text)[0] for text in texts]
        assert said == [f"notice-{n:02d}" for n in range(ALERTS)]  # each once, in order
        assert not any("possible repeat" in text for text in texts)
        assert sum(len(r.delivered) for r in reports) == ALERTS
        with app.sessions() as session:
            statuses = set(session.scalars(select(Alert.status)))
        assert statuses == {"delivered"}


def test_a_send_cut_off_by_a_crash_is_sent_again_as_a_possible_repeat(
    workspace, postgres_url: str, alerts_config, alerted_event
) -> None:
    with Site() as endpoint:
        alerts_config(workspace, postgres_url, {"staff": f"json://{endpoint.url('/a')[7:]}"})
        app = workspace.app()
        (alert_id,) = alerted_event(app, ["staff"])
        with app.sessions.begin() as session:  # claimed, then the worker died
            session.get(Alert, alert_id).status = "sending"
        report = _outbox(app).deliver(respect_backoff=True)
        assert report.delivered == [alert_id]
        ((_, payload),) = endpoint.posts
        assert "possible repeat" in payload["title"]
