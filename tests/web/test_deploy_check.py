"""`manage.py check --deploy` warns when the demo's public secret key would sign sessions."""

from django.test import override_settings

from ntm.web.checks import DEMO_SECRET_KEY, secret_key_is_not_the_demos


def test_the_demo_key_is_flagged_and_a_real_one_is_not() -> None:
    with override_settings(SECRET_KEY=DEMO_SECRET_KEY):
        assert [w.id for w in secret_key_is_not_the_demos(None)] == ["ntm.W001"]
    with override_settings(SECRET_KEY="a-real-secret-of-the-province-server-0123456789"):
        assert secret_key_is_not_the_demos(None) == []
