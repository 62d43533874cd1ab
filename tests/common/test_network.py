"""The client's address: X-Forwarded-For only from trusted proxies, read from the right."""

import pytest
from django.test import RequestFactory, override_settings

from common.network import client_address, parse_address


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(request_from("198.51.100.9", "203.0.113.7")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_a_client_that_is_not_a_trusted_proxy_cannot_name_another_address():
    assert client_address(request_from("198.51.100.9", "203.0.113.7")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client():
    assert client_address(request_from("10.0.0.5", "203.0.113.7")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_what_the_client_wrote_itself_left_of_the_proxy_entry_is_ignored():
    # The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the address it saw.
    assert client_address(request_from("10.0.0.5", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.168.1.1"])
def test_a_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_address():
    forwarded = "1.2.3.4, 203.0.113.7, 192.168.1.1, 10.1.2.3"
    assert client_address(request_from("10.0.0.5", forwarded)) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_all_hops_trusted_gives_the_left_most():
    assert client_address(request_from("10.0.0.5", "10.9.9.9, 10.1.1.1")) == "10.9.9.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_no_header_or_garbage_gives_the_nearest_address_read():
    assert client_address(request_from("10.0.0.5")) == "10.0.0.5"
    assert client_address(request_from("10.0.0.5", "")) == "10.0.0.5"
    assert client_address(request_from("10.0.0.5", "not-an-address")) == "10.0.0.5"
    assert client_address(request_from("10.0.0.5", "1.2.3.4, unknown")) == "10.0.0.5"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "::1"])
def test_ipv6_and_ports():
    assert client_address(request_from("::1", "[2001:db8::1]:443")) == "2001:db8::1"
    assert client_address(request_from("127.0.0.1", "203.0.113.7:5050")) == "203.0.113.7"
    assert client_address(request_from("::ffff:127.0.0.1", "203.0.113.7")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("203.0.113.7", "203.0.113.7"), (" 2001:db8::1 ", "2001:db8::1"), ("x", None), ("", None), ("1.2.3", None)],
)
def test_parse_address(text, expected):
    address = parse_address(text)
    assert (str(address) if address else None) == expected


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["127.0.0.1"], STATUS_CHECK_RATE_LIMIT=1)
def test_the_rate_limit_counts_each_forwarded_client_on_its_own(client):
    from django.core.cache import cache

    cache.clear()
    url = "/pelatihan/cek-status/"
    data = {"reference_code": "AAAA2222", "nik": "3604115508900001"}
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    # Another client behind the same proxy has its own count.
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200
    cache.clear()
