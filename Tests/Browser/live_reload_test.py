#!/usr/bin/env python3
"""Live reload in a real browser: headless Chromium, driven through Selenium and Debian's chromedriver, opens a
page served by the real `sitegen serve`; the test edits the page's file and waits for the browser to show the new
text. The test never reloads or navigates the page itself: only the server's reload script may. The search page
is tested here too, since only a browser runs its script.

Usage: live_reload_test.py [--binary PATH]   (default: the debug build of this repository)
"""

import argparse
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from chromium import headless_chromium
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
BINARY = REPOSITORY / ".build" / "debug" / "sitegen"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(title, body):
    return f"---\ntitle: {title}\ndate: 2025-01-01\ntags: [browser]\n---\n{body}\n"


class Server:
    """`sitegen serve` on a free port over `site`, started and stopped with the test."""

    def __init__(self, site):
        self.port = free_port()
        self.output = []
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--source", str(site), "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        started = threading.Event()

        def read():
            for line in self.process.stdout:
                self.output.append(line.rstrip("\n"))
                if line.startswith("Serving "):
                    started.set()

        threading.Thread(target=read, daemon=True).start()
        if not started.wait(30):
            self.process.kill()
            raise RuntimeError(f"sitegen serve did not start: {self.output}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(10)
        self.process.stdout.close()
        return status


class LiveReloadInChromium(unittest.TestCase):
    def setUp(self):
        self.site = pathlib.Path(tempfile.mkdtemp(prefix="sitegen-browser-"))
        (self.site / "content" / "posts").mkdir(parents=True)
        (self.site / "site.yml").write_text("title: Browser journal\nbase_url: https://example.com/journey/\ntimezone: UTC\n")
        self.post = self.site / "content" / "posts" / "watched.md"
        self.post.write_text(post("Watched post", "The text before the edit."))
        (self.site / "content" / "posts" / "rust.md").write_text(post("Borrow checker notes", "Lifetimes finally made sense."))
        self.server = Server(self.site)
        self.browser = headless_chromium()

    def tearDown(self):
        self.browser.quit()
        status = self.server.stop()
        shutil.rmtree(self.site, ignore_errors=True)
        self.assertEqual(status, 0, f"sitegen serve exited with {status}: {self.server.output}")

    def article_text(self):
        return self.browser.find_element(By.TAG_NAME, "main").text

    def wait_for(self, condition, seconds=5):
        # The page may reload between finding an element and reading it; that only means "not yet". Chromium
        # reports it as a stale element or, when the reload lands inside the read, as an inspector error ("Node
        # with given id does not belong to the document").
        def ready(_):
            try:
                return condition()
            except WebDriverException as error:
                if isinstance(error, (NoSuchElementException, StaleElementReferenceException)) or "does not belong to the document" in str(error):
                    return False
                raise
        WebDriverWait(self.browser, seconds, poll_frequency=0.05).until(ready)

    def reload_script_connected(self):
        return self.browser.execute_script("return document.documentElement.dataset.sitegenLiveReload") == "connected"

    def test_an_edit_appears_without_reloading_by_hand(self):
        self.browser.get(self.server.url("/journey/posts/watched/"))
        self.assertIn("The text before the edit.", self.article_text())
        # Wait for the page's event stream to be connected, then mark the page: a reload by the page's own
        # script is the only thing that removes the mark.
        self.wait_for(self.reload_script_connected)
        self.browser.execute_script("window.sitegenTestMark = true")

        started = time.monotonic()
        self.post.write_text(post("Watched post", "The text after the edit."))
        self.wait_for(lambda: "The text after the edit." in self.article_text())
        elapsed = time.monotonic() - started
        self.assertLess(elapsed, 2.0, f"the browser showed the edit after {elapsed:.2f} s")
        self.assertIsNone(self.browser.execute_script("return window.sitegenTestMark"), "the page reloaded itself")
        self.assertEqual(self.browser.current_url, self.server.url("/journey/posts/watched/"))
        print(f"\n  browser showed the edit {elapsed:.2f} s after the save", file=sys.stderr)

    def test_a_build_error_shows_in_the_browser_until_fixed(self):
        self.browser.get(self.server.url("/journey/posts/watched/"))
        self.wait_for(self.reload_script_connected)
        self.post.write_text("---\ntitle: Watched post\ndate: [not closed\n---\nBroken.\n")
        self.wait_for(lambda: "Build failed" in self.browser.find_element(By.TAG_NAME, "body").text)
        self.assertIn("content/posts/watched.md:3", self.browser.find_element(By.TAG_NAME, "body").text)
        self.post.write_text(post("Watched post", "Fixed again."))
        self.wait_for(lambda: "Fixed again." in self.browser.find_element(By.TAG_NAME, "body").text)
        self.assertNotIn("Build failed", self.browser.find_element(By.TAG_NAME, "body").text)


    def test_search_finds_posts_as_you_type(self):
        self.browser.get(self.server.url("/journey/search/"))
        self.wait_for(self.reload_script_connected)
        field = self.browser.find_element(By.ID, "search-query")
        field.send_keys("lifetimes")
        self.wait_for(lambda: "1 post found" in self.browser.find_element(By.CLASS_NAME, "search-status").text)
        results = self.browser.find_elements(By.CSS_SELECTOR, ".search-results .post-card-title a")
        self.assertEqual([link.text for link in results], ["Borrow checker notes"])
        self.assertEqual(results[0].get_attribute("href"), self.server.url("/journey/posts/rust/"))
        field.clear()
        field.send_keys("browser")
        self.wait_for(lambda: "2 posts found" in self.browser.find_element(By.CLASS_NAME, "search-status").text)
        self.assertIn("q=browser", self.browser.current_url)

    def test_code_blocks_copy_and_heading_anchors_show_on_focus(self):
        (self.site / "content" / "posts" / "code.md").write_text(post(
            "Code post", "## First steps\n\n```python title=\"hello.py\" {2}\nprint(1)\nprint(2)\n```\n"))
        self.browser.get(self.server.url("/journey/posts/code/"))
        self.wait_for(lambda: "hello.py" in self.article_text())
        self.browser.execute_cdp_cmd("Browser.grantPermissions", {
            "origin": self.server.url(""), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        button = self.browser.find_element(By.CSS_SELECTOR, ".code-block .code-copy")
        self.wait_for(button.is_displayed)
        button.click()
        self.wait_for(lambda: button.text == "Copied")
        copied = self.browser.execute_async_script(
            "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done(String(e)));")
        self.assertEqual(copied, "print(1)\nprint(2)")
        # The heading's # link is hidden until hovered or focused, and the keyboard reaches it.
        anchor = self.browser.find_element(By.CSS_SELECTOR, "#first-steps .anchor")
        opacity = lambda: self.browser.execute_script("return getComputedStyle(arguments[0]).opacity", anchor)
        self.assertEqual(opacity(), "0")
        self.browser.execute_script("document.activeElement.blur(); document.body.focus()")
        for _ in range(30):
            self.browser.switch_to.active_element.send_keys(Keys.TAB)
            if self.browser.switch_to.active_element == anchor:
                break
        self.assertEqual(self.browser.switch_to.active_element, anchor, "Tab reaches the heading's link")
        self.wait_for(lambda: opacity() == "1")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(BINARY))
    arguments, rest = parser.parse_known_args()
    BINARY = pathlib.Path(arguments.binary).resolve()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
