"""The answer when a public form or page is refused by one of its limits (programs.rules): a 429
in the portal's look that says when to try again, with a Retry-After header, and whom to call
(templates/includes/refusal.html, which the page includes with `refusal` as its message)."""

from django.shortcuts import render

from programs import rules


def refused(request, template, context, *, message, window):
    """`template` rendered with status 429 and `refusal`/`retry_minutes` added to `context`; the
    limit's fixed window of `window` seconds decides when to try again."""
    context.update(refusal=message, retry_minutes=rules.minutes_until_reset(window))
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(rules.seconds_until_reset(window))
    return response
