"""Demo step 5: the demo administrator and coordinator must use two-factor sign-in like real ones,
so they get an authenticator app key and recovery codes that are printed with the logins. Running
``seed_demo`` again puts both back as printed (the key, and every recovery code unused).

Demo keys are public: never load the demo data into production."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import encrypt
from django.contrib.auth import get_user_model

from demo.builder import ADMIN_EMAIL
from demo.steps.editorial import COORDINATOR_EMAIL

# base32, as authenticator apps take them (20 bytes, like the keys allauth makes)
DEMO_KEYS = {
    ADMIN_EMAIL: "LIAISONDEMOADMINTWOFACTORSECRETA",
    COORDINATOR_EMAIL: "LIAISONDEMOCOORDINATORTWOFACTORA",
}
SHOWN_RECOVERY_CODES = 3


def enrol(user, key):
    """The user's authenticator app is ``key`` and their recovery codes are all unused."""
    Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(key)}}
    )
    codes, _ = Authenticator.objects.update_or_create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        defaults={"data": {"seed": encrypt(f"demo-recovery-{key}"), "used_mask": 0}},
    )
    return RecoveryCodes(codes).get_unused_codes()


def seed(context):
    users = get_user_model().objects.filter(email__in=DEMO_KEYS)
    lines = []
    for user in sorted(users, key=lambda u: u.email):
        key = DEMO_KEYS[user.email]
        codes = enrol(user, key)
        lines.append(
            f"  {user.email:<40} app key: {key}  "
            f"recovery codes: {', '.join(codes[:SHOWN_RECOVERY_CODES])}"
        )
    if lines:
        context.setdefault("login_notes", []).extend(
            [
                "Two-factor sign-in (administrator and coordinator): after the password, type the "
                "code from an authenticator app given this key (or `oathtool --totp -b KEY`), "
                "or one of the recovery codes (each works once; seed_demo renews them):",
                *lines,
            ]
        )
