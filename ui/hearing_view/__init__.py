"""The courtroom views: the hearing record editor, the live recorder, the evidence display."""
