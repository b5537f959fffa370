"""The household register (sổ hộ): households and their members, and the household-based
indicators computed from it.

Not re-exported from :mod:`ntm.core` yet: the web import that will use it comes next.

- :mod:`~ntm.core.households.register`: :class:`Household`, :class:`Person`,
  :class:`Register`, and :class:`RegisterRules`, every definition the reference leaves
  unconfirmed as a named setting with a ``verified`` flag.
- :mod:`~ntm.core.households.columns`: :class:`RegisterColumns`, the register as numpy
  arrays (one per field) for province-scale work; :func:`columns_of`, :func:`concat_columns`.
- :mod:`~ntm.core.households.compute`: :func:`compute_indicators` (one commune) and
  :func:`compute_communes` (every commune and hamlet in one pass), DuckDB in memory over
  the columns; :func:`shortfall`.
- :mod:`~ntm.core.households.visits`: :func:`households_to_visit`, the households of a
  hamlet that do not satisfy a tally, with what each one lacks.
- :mod:`~ntm.core.households.synthetic`: :func:`synthetic_register` for demos and tests,
  :func:`synthetic_province` (columns, numpy) for benchmarks.
"""
