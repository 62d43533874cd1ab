"""Data built once for a class of tests that only read it, as Django's TestCase.setUpTestData does."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def built_once(django_db_blocker, build):
    """Run build() in a transaction that stays open while the class's tests run, each in its own
    nested transaction (a savepoint) rolled back after it, and roll it back after the last of them:
    tests outside the class never see the data. Not for transactional tests (live_server,
    transaction=True): they cannot run inside an open transaction."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            result = build()
        except BaseException as error:
            outer.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield result
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
