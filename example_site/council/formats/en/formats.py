"""English as a UK council writes it (GOV.UK style): "4 December 2026", "16:17".

Django's own English formats are American ("Dec. 4, 2026, 4:17 p.m."). ``FORMAT_MODULE_PATH``
in the settings puts this module first for English; every other language keeps Django's
formats ("4. Dezember 2026 16:17"), and any name left out here falls back to Django's.
"""

from django.conf.locale.en_GB import formats as en_gb

DATE_FORMAT = "j F Y"  # 4 December 2026
TIME_FORMAT = "H:i"  # 16:17, the 24-hour clock
DATETIME_FORMAT = "j F Y, H:i"  # 4 December 2026, 16:17
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"  # 04/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# What residents and editors type: day first, as in the UK.
DATE_INPUT_FORMATS = en_gb.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = en_gb.DATETIME_INPUT_FORMATS
