"""The household register (sổ hộ): households and their members, and the household-based
indicators computed from it.

Not re-exported from :mod:`ntm.core` yet: the web import that will use it comes next.

- :mod:`~ntm.core.households.register`: :class:`Household`, :class:`Person`,
  :class:`Register`, and :class:`RegisterRules`, every definition the reference leaves
  unconfirmed as a named setting with a ``verified`` flag.
- :mod:`~ntm.core.households.compute`: :func:`compute_indicators` (DuckDB, in memory) and
  :func:`shortfall`.
- :mod:`~ntm.core.households.synthetic`: :func:`synthetic_register` for demos and tests.
"""
