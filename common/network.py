"""Who is on the other end of a request.

One function, so that every rate limit, login throttle and audit record agrees on the client's
address. Behind a reverse proxy the address comes from the proxy's `X-Forwarded-For`, and only
when the request came from a proxy the operator trusts (`TRUSTED_PROXIES`: addresses or networks).
A client can write any `X-Forwarded-For` it likes; each trusted proxy appends the address it saw,
so the list is read from the right and the first address that is not a trusted proxy is the
client's. Anything to the left of it was written by the client and is ignored.
"""

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def parse_address(text):
    """An ip_address from '203.0.113.7', '203.0.113.7:5050', '[2001:db8::1]:443' or '2001:db8::1';
    None when it is not an address."""
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return address.ipv4_mapped or address if address.version == 6 else address


def is_trusted_proxy(address, networks=None):
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()))) if networks is None else networks
    return address is not None and any(address in network for network in networks)


def client_address(request):
    """The client's IP address as text: REMOTE_ADDR, or, when REMOTE_ADDR is a trusted proxy, the
    right-most address of X-Forwarded-For that is not a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    nearest = parse_address(remote)
    if not networks or not is_trusted_proxy(nearest, networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # Not an address: nothing a trusted proxy writes; the nearest hop we could read stands.
            break
        nearest = address
        if not is_trusted_proxy(address, networks):
            break
    return str(nearest)
