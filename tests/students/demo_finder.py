"""One answer to "who is my librarian": for every demo programme, the finder, the widget and the
JSON lookup name the librarian an actual sign-up is then matched to, with the same "why" line as
My librarian. Run by tests/test_seed_demo.py on its seeded demo (built once for every check made on
it); each programme's sign-up changes the loads the next answers are measured against."""

import html
import re

from django.core import mail
from django.core.cache import cache

from students.models import Student
from taxonomy.models import Programme


def text_of(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


class FinderAgreesWithSignupChecks:
    """Mixed into the seeded demo's TestCase (tests/test_seed_demo.py)."""

    def sign_up(self, programme, n):
        """A new student of ``programme`` signs up and confirms their address, as on the site."""
        self.client.logout()
        email = f"agree{n}@students.example.edu"
        response = self.client.post(
            f"/accounts/signup/?programme={programme.code}",
            {
                "email": email,
                "password1": "a-long-unusual-passphrase-42",
                "password2": "a-long-unusual-passphrase-42",
                "name": f"Agreeing Student {n}",
                "preferred_name": "",
                "programme": programme.pk,
                "level": "Year 1",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
        path = "/accounts/" + link.group(0).split("/accounts/", 1)[1]
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(path)
        return Student.objects.get(user__email=email)

    def test_every_programme_finder_widget_and_json_agree_with_a_sign_up(self):
        programmes = list(Programme.objects.filter(is_active=True).order_by("code"))
        self.assertGreaterEqual(len(programmes), 30)
        for n, programme in enumerate(programmes):
            with self.subTest(programme=programme.code):
                cache.clear()  # allauth's sign-up rate limit per address, not under test here
                data = self.client.get(f"/api/librarian-for-programme/{programme.code}/").json()
                finder = text_of(self.client.get(f"/librarians/find/?programme={programme.code}"))
                widget = text_of(self.client.get(f"/api/widget/librarian/{programme.code}/"))
                expected = data["librarian"]
                self.assertIsNotNone(expected, f"nobody has room for {programme.code}")
                why = f"Why this librarian: {data['reason']}"
                self.assertIn(f"is matched to {expected['name']} .", finder)
                self.assertIn(why, finder)
                self.assertIn(why, widget)
                self.assertIn(expected["name"], widget.split("Why this librarian")[0])

                student = self.sign_up(programme, n)
                assignment = student.current_assignment()
                self.assertEqual(assignment.liaison.title, expected["name"])
                self.assertEqual(assignment.reason, data["reason"])
                self.assertIn(why, text_of(self.client.get("/my-librarian/")))
