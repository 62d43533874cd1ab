"""Indonesian as Django writes it (4 Jan. 2027, 10.30), but day-first only when reading:
Django's own list ends with month-first patterns that would take 12/25/2026 silently."""

SHORT_DATE_FORMAT = "d/m/Y"  # 04/01/2027
SHORT_DATETIME_FORMAT = "d/m/Y G.i"

# The first is what the admin's date boxes and calendar write; ISO (2027-01-04) is always read too.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 04/01/2027
    "%d-%m-%Y",  # 04-01-2027
    "%d.%m.%Y",  # 04.01.2027
    "%d/%m/%y",  # 04/01/27
    "%d-%m-%y",  # 04-01-27
    "%d %B %Y",  # 4 January 2027 (strptime reads English month names only)
    "%d %b %Y",  # 4 Jan 2027
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H.%M.%S",
    "%d/%m/%Y %H.%M.%S.%f",
    "%d/%m/%Y %H.%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H.%M.%S",
    "%d-%m-%Y %H.%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
]
