"""allauth's security-key (WebAuthn) forms with two additions, plugged in with ``MFA_FORMS``:

* a failed security-key step is logged, as failed codes are through allauth's
  ``authentication_failed`` signal (which the WebAuthn path does not send);
* a malformed answer from the browser (a crafted POST: fields missing, wrong types) is an
  "Incorrect code" form error. allauth turns only some of fido2's parsing errors into one; the
  others (a missing ``rawId`` raises ``KeyError``) would be a 500.
"""

from allauth.core import context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.webauthn import forms as webauthn
from django.core.exceptions import ValidationError

from . import audit

MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def _incorrect():
    return get_adapter().validation_error("incorrect_code")


class _CheckedAnswer:
    def clean_credential(self):
        try:
            return super().clean_credential()
        except ValidationError:
            self._log_failure()
            raise
        except MALFORMED as exc:
            self._log_failure()
            raise _incorrect() from exc

    def _log_failure(self):
        audit.second_step_failed(
            context.request, self.user, "webauthn", reauthentication=self.reauthenticated
        )


class AuthenticateWebAuthnForm(_CheckedAnswer, webauthn.AuthenticateWebAuthnForm):
    pass


class ReauthenticateWebAuthnForm(_CheckedAnswer, webauthn.ReauthenticateWebAuthnForm):
    pass


class AddWebAuthnForm(webauthn.AddWebAuthnForm):
    def clean(self):
        try:
            return super().clean()
        except MALFORMED as exc:
            raise _incorrect() from exc
