"""Pure domain facts, the floor of the core: money (yuan to the fen, 大写), Chinese numerals and
dates, court fees, statutes by version and how their articles are numbered, and case numbers.

Nothing here imports any other part of `workbench` but `errors`; everything above may use it.
"""
