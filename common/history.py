"""The audit trail (django-simple-history) for rows written in bulk, where no save() records it.

`import_change_reason` is the reason an import's history rows carry.
"""

from django.utils.translation import gettext as _

# simple-history's history_change_reason is a CharField(max_length=100) unless configured.
REASON_LENGTH = 100


def import_change_reason(*, source, user):
    """ "Diimpor dari <file> oleh <user>", in the active language, with the file name shortened
    so that the sentence fits the history's reason column."""
    username = user.get_username() if user is not None else _("sistem")

    def sentence(name):
        return _("Diimpor dari %(file)s oleh %(user)s") % {"file": name, "user": username}

    reason = sentence(source or "-")
    if len(reason) > REASON_LENGTH and source:
        keep = max(1, len(source) - (len(reason) - REASON_LENGTH) - 1)
        reason = sentence(source[:keep] + "…")
    return reason[:REASON_LENGTH]
