"""English as the portal writes it for Indonesia: 4 January 2027, 04/01/2027, weeks from Monday."""

DATE_FORMAT = "j F Y"  # 4 January 2027
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"  # 04/01/2027
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first is what the admin's date boxes and calendar write; ISO (2027-01-04) is always read too.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 04/01/2027
    "%d-%m-%Y",  # 04-01-2027
    "%d.%m.%Y",  # 04.01.2027
    "%d/%m/%y",  # 04/01/27
    "%d %B %Y",  # 4 January 2027
    "%d %b %Y",  # 4 Jan 2027
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%y %H:%M:%S",
    "%d/%m/%y %H:%M",
]
