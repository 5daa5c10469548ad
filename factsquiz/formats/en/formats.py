"""English dates, one way everywhere: "1 Dec 2026" and "1 Dec 2026, 19:23" (Django's en-GB numbers otherwise)."""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
