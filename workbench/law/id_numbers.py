"""公民身份号码 (GB 11643-1999): 18 characters, the birth date in digits 7–14, and a check
character computed over the first 17 with ISO 7064 MOD 11-2."""

from __future__ import annotations

from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_character(first17: str) -> str:
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def id_number_problem(value: str, today: date | None = None) -> tuple[str, str] | None:
    """None if `value` is a valid 18-character ID number, else (中文, English) reasons."""
    s = value.strip().upper()
    if len(s) != 18 or not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        return "应为 18 位（末位可为 X）", "must be 18 characters (the last may be X)"
    try:
        born = birth_date(s)
    except ValueError:
        return f"出生日期 {s[6:14]} 不存在", f"birth date {s[6:14]} does not exist"
    if born > (today or date.today()):
        return f"出生日期 {born} 在将来", f"birth date {born} is in the future"
    if check_character(s[:17]) != s[17]:
        return (f"校验位应为 {check_character(s[:17])}，实为 {s[17]}",
                f"check character should be {check_character(s[:17])}, not {s[17]}")
    return None


def birth_date(value: str) -> date:
    s = value.strip()
    return date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
