"""French dates, one way everywhere: "1 déc. 2026" and "1 déc. 2026, 19:23" (Django's French numbers otherwise)."""

DATE_FORMAT = "j N Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j N Y, H:i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
