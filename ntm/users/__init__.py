"""Accounts and roles scoped to administrative units, and the access checks every page,
form, download and export calls on the server."""
