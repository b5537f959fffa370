"""The evidence dossier (hồ sơ minh chứng): files attached to an indicator's reading."""
