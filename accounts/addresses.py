"""The client's address, for sign-in lockouts and the sign-up limit: REMOTE_ADDR, or X-Forwarded-For behind proxies.

Behind TRUSTED_PROXY_COUNT reverse proxies, each of which appends the address it saw to
X-Forwarded-For, the client is the entry that many places from the right; whatever the client put
to the left of it could be forged. With no proxy (0), REMOTE_ADDR is the client and the header is
ignored, so nobody can pick the address they are counted under.
"""

from django.conf import settings


def client_address(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
