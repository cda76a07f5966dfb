"""Drafting: case elements, court fees, statutes and judgment drafts."""
