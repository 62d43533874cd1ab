import html
import re
import threading

from django.db import connections


def field_errors(response, name):
    """The error messages shown beside one field (Django renders them as ul#id_<name>_error)."""
    match = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.text, re.S)
    if not match:
        return []
    return [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)]


def input_value(response, name):
    """The value an <input name=...> was rendered with, or None when it has none."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', response.text)
    assert tag, f"no input named {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None


def run_together(*targets, timeout=60):
    """Run each target in its own thread (own connection), released at the same moment; returns
    what each returned or raised."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def worker(index, target):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a thread hung: a lock was never released"
    return results
