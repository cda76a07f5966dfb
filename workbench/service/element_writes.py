"""The judge's confirmation of a case's elements (要素确认): the drafting view's elements form
stores what the judge confirmed or corrected here, one log entry per element, through the same
funnel as every other change (`Workbench._txn`). The entry carries the value before, so a desk
whose entry the court store refused can undo it (replica.py)."""

from __future__ import annotations

from typing import Any

from ..errors import Text, UserError
from .records import ELEMENT_CONFIRMED
from .registry import write

# An element's value as case JSON holds it: a string, a list of strings or of small objects
# (repayments: date and amount), or None for "confirmed: there is none".
Value = str | list | None


def _plain(key: str, value: Any) -> Value:
    if value is None or isinstance(value, str):
        return value.strip() if isinstance(value, str) else None
    if isinstance(value, list) and all(isinstance(v, (str, dict)) for v in value):
        return value
    raise UserError(Text(f"要素“{key}”的值应为文字或列表", f"element {key!r}: a string or a list"),
                    field=key)


class ElementWrites:
    db: Any

    @write()
    def confirm_elements(self, ref: str | int, values: dict[str, Any], *,
                         sources: dict[str, list[dict]] | None = None,
                         actor: str | None = None) -> int:
        """Confirm elements of a case as the judge found them (`values`: key → case-JSON value;
        None confirms that the element is absent); `sources` names, per key, the documents and
        pages the judge relied on. Returns the number of entries written (an element confirmed
        again with the same value and sources writes nothing)."""
        case = self.case(ref)  # type: ignore[attr-defined]
        self.ensure_writable(case)  # type: ignore[attr-defined]
        plain = {str(k): _plain(str(k), v) for k, v in values.items()}
        written = 0
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case.id)
            import json
            facts = json.loads(tx.conn.execute("SELECT facts FROM cases WHERE id = ?",
                                               (case.id,)).fetchone()[0])
            elements = facts.get("elements", {})
            confirmed = facts.get("extra", {}).get("confirmed_elements", {})
            for key, value in plain.items():
                src = list((sources or {}).get(key, []))
                before = elements.get(key)
                if key in confirmed and before == value and confirmed[key].get("sources") == src:
                    continue
                tx.record(case.id, ELEMENT_CONFIRMED,
                          {"key": key, "value": value, "sources": src, "previous": before,
                           "previous_confirmation": confirmed.get(key)})
                written += 1
        return written
