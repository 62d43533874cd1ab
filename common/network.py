"""Who is on the other end of a request.

One function, so that every rate limit, login throttle and audit record agrees on the client's
address. Behind a reverse proxy the address must come from the proxy's header, and only when the
request came from a proxy the operator trusts (see the deployment notes).
"""


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")
