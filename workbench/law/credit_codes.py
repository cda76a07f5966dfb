"""统一社会信用代码 (GB 32100-2015): 18 characters — the registering authority (1), the kind of
organisation (1), the registering authority's administrative division (6, GB/T 2260), the
organisation's identifier (9, its own GB 11714 code) and a check character computed over the
first 17 with weights 3^i mod 31 over the 31-character set that leaves out I, O, S, V and Z.

A code that fails the check is flagged, never silently corrected: some codes issued in the pilot
regions before the standard (Fujian's 91350203M0001… series) fail it and are still lawful, so the
caller shows the problem and the clerk looks at the licence."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, …


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17.upper(), WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(value: str) -> tuple[str, str] | None:
    """None if `value` is a well-formed code with the right check character, else (中文, English)."""
    s = value.strip().upper()
    if len(s) != 18:
        return f"应为 18 位，实为 {len(s)} 位", f"must be 18 characters, not {len(s)}"
    bad = sorted({c for c in s if c not in CHARSET})
    if bad:
        return (f"含有代码中不用的字符 {''.join(bad)}（不用 I、O、S、V、Z）",
                f"holds characters the code never uses: {''.join(bad)} (no I, O, S, V or Z)")
    if not s[2:8].isdigit():
        return (f"第 3–8 位应为行政区划代码（数字），实为 {s[2:8]}",
                f"characters 3-8 must be the administrative division code (digits), not {s[2:8]}")
    want = check_character(s[:17])
    if want != s[17]:
        return f"校验位应为 {want}，实为 {s[17]}", f"check character should be {want}, not {s[17]}"
    return None


def is_valid_credit_code(value: str) -> bool:
    return credit_code_problem(value) is None
