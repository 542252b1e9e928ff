"""Accessibility in a real browser: axe-core on every public page type and form, and a keyboard-only
walk of the student's path from the top of the home page to the contact form."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BLOCKING_IMPACTS = {"serious", "critical"}


def blocking_violations(page):
    """axe-core's serious and critical violations on the page, as readable lines."""
    results = Axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return lines


def optional_url(name):
    """The URL of a route another part of the portal provides, or None while it is absent."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def public_pages(portal, services):
    pages = [
        ("home", "/"),
        ("librarian directory", "/librarians/"),
        ("find-your-librarian result", "/librarians/find/?programme=CHEM-BSC"),
        ("librarian profile", portal["ada"].url),
        ("contact form", reverse("contact", args=[portal["ada"].slug])),
        ("guide index", "/guides/"),
        ("guide", portal["guide"].url),
        ("news index", "/news/"),
        ("news post", portal["post"].url),
        ("search results", "/search/?q=chemistry"),
        ("search with no results", "/search/?q=zzzxq"),
        ("page not found", "/no-such-page/"),
    ]
    for label, name in [("sign-in form", "account_login"), ("sign-up form", "account_signup")]:
        url = optional_url(name)
        if url:
            pages.append((label, url))
    pages += [
        ("services index", services["index"].url),
        ("services filtered by audience", services["index"].url + "?audience=external-partners"),
        ("service page", services["partnership"].url),
        ("enquiry form", services["form"].url),
    ]
    return pages


def test_public_pages_have_no_serious_axe_violations(site, portal, services):
    failures = []
    for label, url in public_pages(portal, services):
        site.goto(url)
        found = blocking_violations(site)
        if found:
            failures.append(f"{label} ({url}):\n" + "\n".join(found))
    assert not failures, "axe-core found serious or critical problems:\n" + "\n".join(failures)


def test_contact_form_with_errors_has_no_serious_axe_violations(site, portal):
    site.goto(reverse("contact", args=[portal["ada"].slug]))
    site.get_by_role("button", name="Send message").click()
    expect(site.get_by_role("alert")).to_contain_text("Please correct the errors below")
    found = blocking_violations(site)
    assert not found, "axe-core on the contact form with errors:\n" + "\n".join(found)

    # The check itself can fail: without its label, the name field is a critical violation.
    site.evaluate("document.querySelector('label[for=id_contact-name]').remove()")
    assert any("[critical] label:" in line for line in blocking_violations(site))


def focus_is_visible(page):
    """Whether the focused element draws an outline or a box shadow (or is the skip link)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
            const shadow = s.boxShadow && s.boxShadow !== 'none';
            return outline || shadow;
        }"""
    )


def describe_focus(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return 'body';
            const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
            const text = (el.getAttribute('aria-label') || label || el.textContent || el.name || '')
                .trim().replace(/\\s+/g, ' ').slice(0, 60);
            return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}: ${text}`;
        }"""
    )


def tab_until(page, predicate, limit=60):
    """Press Tab until the focused element matches; return every focus stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = describe_focus(page)
        assert focus_is_visible(page), f"no visible focus indicator on {stop}"
        stops.append(stop)
        if predicate(stop):
            return stops
    raise AssertionError("never reached the control by tabbing; focus went:\n" + "\n".join(stops))


def test_keyboard_only_student_walk(site, portal, viewport, screenshot):
    site.goto("/")
    stops = tab_until(site, lambda s: s.startswith("a") and "Skip to main content" in s, limit=1)
    stops += tab_until(site, lambda s: "Guides" in s or "guides" in s.lower())
    stops += tab_until(site, lambda s: s.startswith("input#header-search-q"))
    stops += tab_until(site, lambda s: s.startswith("select#programme-picker"))
    # Choose a programme with the keyboard: select elements take typed letters.
    site.keyboard.type("BSc Chem")
    expect(site.locator("#programme-picker")).to_have_value("CHEM-BSC")
    stops += tab_until(site, lambda s: s.startswith("button") and "Show my librarian" in s)
    site.keyboard.press("Enter")
    expect(site.get_by_role("heading", name="Your librarian for BSc Chemistry")).to_be_visible()

    stops += tab_until(site, lambda s: s.startswith("a") and "Ada Byrne" in s, limit=80)
    site.keyboard.press("Enter")
    expect(site.get_by_role("heading", level=1)).to_have_text("Ada Byrne")
    # The profile is the same for every visitor (it may come from the page cache); the form is on
    # its own page.
    stops += tab_until(site, lambda s: s.startswith("a") and "Write to Ada Byrne" in s, limit=80)
    site.keyboard.press("Enter")
    expect(site.get_by_label("Message", exact=True)).to_be_visible()

    for field_id in ("contact-name", "contact-email", "contact-programme", "contact-subject"):
        stops += tab_until(site, lambda s, f=field_id: f"#id_{f}" in s, limit=80)
    stops += tab_until(site, lambda s: "#id_contact-message" in s)
    stops += tab_until(site, lambda s: s.startswith("button") and "Send message" in s)
    assert not any("#id_contact-website" in s for s in stops), "the honeypot took keyboard focus"
    screenshot(site, "keyboard-walk")
