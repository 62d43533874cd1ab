from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    """Who pays: for a market's revitalisation and for a training alike (the district's or the
    province's budget, the state budget, or a partner/private investor)."""

    APBD = "apbd", _("APBD kabupaten")
    APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi")
    APBN = "apbn", _("APBN (termasuk DAK/tugas pembantuan)")
    PARTNER = "mitra", _("mitra/swasta")
