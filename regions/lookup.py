"""Finding the district's kecamatan and desa by the names people write in lists and forms."""

import difflib

from django.conf import settings

from common.spreadsheets import clean_text, normalise_heading
from regions.models import Desa, Kecamatan


class RegionLookup:
    """Kecamatan and desa of the portal's district by name (case, spacing and 'Kec.'/'Desa'
    prefixes ignored), with the nearest name suggested when a name is unknown. Two queries."""

    def __init__(self):
        self.kecamatan = {}
        self.kecamatan_by_code = {}
        for kecamatan in Kecamatan.objects.filter(kabupaten_id=settings.PORTAL_DISTRICT):
            self.kecamatan[self._key(kecamatan.name)] = kecamatan
            self.kecamatan_by_code[kecamatan.code] = kecamatan
        self.desa = {}
        for code, name, kecamatan_code in Desa.objects.filter(
            kecamatan__kabupaten_id=settings.PORTAL_DISTRICT
        ).values_list("code", "name", "kecamatan_id"):
            self.desa.setdefault(kecamatan_code, {})[self._key(name)] = (code, name)

    @staticmethod
    def _key(name):
        key = normalise_heading(name)
        for prefix in ("kecamatan ", "kec ", "desa ", "kelurahan ", "kel "):
            key = key.removeprefix(prefix)
        return key.replace(" ", "")

    def find_kecamatan(self, text):
        """(Kecamatan or None, suggested name or None)."""
        text = clean_text(text)
        if text in self.kecamatan_by_code:
            return self.kecamatan_by_code[text], None
        found = self.kecamatan.get(self._key(text))
        if found:
            return found, None
        return None, self._nearest(self._key(text), {key: k.name for key, k in self.kecamatan.items()})

    def find_desa(self, kecamatan, text):
        """(desa code or None, suggested name or None), within `kecamatan`."""
        names = self.desa.get(kecamatan.code, {})
        found = names.get(self._key(text))
        if found:
            return found[0], None
        return None, self._nearest(self._key(text), {key: name for key, (_code, name) in names.items()})

    @staticmethod
    def _nearest(key, names):
        match = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
        return names[match[0]] if match else None
