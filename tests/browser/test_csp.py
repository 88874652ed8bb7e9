"""With the Content-Security-Policy enforced (no inline script or style), the key pages load
with nothing refused: the start page, a client, the person search, the CEO's page whose
figures htmx loads after it, the signals' SVG charts and the Graphviz pictures."""

from playwright.sync_api import expect

from tests.browser.conftest import csp_violations, watch_csp

PAGES = [
    "/",
    "/kunder/alfa/",
    "/personer/sok/?q=an",
    "/vd/",
    "/vd/signaler/",
    "/organisation/bild/",
    "/omraden/opinion/bild/",
]


def test_the_key_pages_load_with_no_csp_violation(log_in, browser_page, people):
    console = watch_csp(browser_page)
    page = log_in(people["vera"])
    problems: list[str] = []
    for url in PAGES:
        console.clear()
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        if url == "/vd/":  # the figures arrive by htmx: it ran, under the policy
            expect(page.locator("#signals[aria-busy=true]")).to_have_count(0)
            expect(page.locator("#signals")).to_be_visible()
        if url == "/vd/signaler/":
            expect(page.locator("svg.chart").first).to_be_visible()
        if url.endswith("/bild/"):
            picture = page.locator("svg.org-picture")
            expect(picture).to_be_visible()
            # The stylesheet (no style attribute) keeps the picture within the page.
            width = picture.evaluate("e => e.getBoundingClientRect().width")
            assert 0 < width <= page.evaluate("() => document.documentElement.clientWidth")
        problems += [f"{url}: {v}" for v in csp_violations(page, console)]
    assert problems == []
    # htmx's own indicator <style> is switched off, not refused.
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0


def test_an_inline_script_would_be_refused_and_reported(log_in, browser_page, people):
    """The listener does see what the policy refuses: the check above is no empty one."""
    console = watch_csp(browser_page)
    page = log_in(people["anna"])
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.append(s); }"
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("() => window.ran") is None
    assert any("script-src" in v for v in csp_violations(page, console))
