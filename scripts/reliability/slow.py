"""The slow-clients check: half-sent requests against gunicorn, straight and through nginx
(scripts/slow_clients.py)."""

import slow_clients  # scripts/, beside this package

from reliability.common import WORKERS, CannotRun, Outcome, serving_site


def check_slow(options) -> Outcome:
    # A fresh machine lacks nginx; like the browser tests' Chromium, it is installed when we can.
    program = slow_clients.find_nginx(install=True)
    if program is None:
        raise CannotRun("nginx is not installed and could not be (apt-get, as root)")
    with serving_site("slow") as site:
        gunicorn_port = int(site.base.rsplit(":", 1)[1])
        with slow_clients.nginx(program, gunicorn_port) as nginx_port:
            result = slow_clients.measure(gunicorn_port, nginx_port, workers=WORKERS)
    return Outcome(result.line, passed=result.passed)
