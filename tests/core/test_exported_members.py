import ntm.core


def test_public_api_is_exactly_what_init_exports_sorted() -> None:
    exported = [name for name in dir(ntm.core) if not name.startswith("_")]
    submodules = {
        "catalog",
        "exceptions",
        # Not exported; present in dir(ntm.core) once any test has imported it.
        "households",
        "i18n",
        "io",
        "legal",
        "plan",
        # Not exported either; present once imported.
        "recognition",
        "text",
        "registry",
        "review",
        "rules",
        "values",
        "yamlio",
    }
    assert sorted(set(exported) - submodules) == sorted(ntm.core.__all__)
    assert list(ntm.core.__all__) == sorted(ntm.core.__all__, key=lambda n: (not n.isupper(), n))


def test_importing_the_core_does_not_import_django_or_click() -> None:
    import subprocess
    import sys

    code = "import sys, ntm.core, ntm.core.io.review_files; print('django' in sys.modules, 'click' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False False"
