"""Distributed mode (SPEC §7, docs/scale-out.md): a scheduler queues due
sources on Celery (Redis broker); workers on any machines check them against
the shared PostgreSQL database."""
