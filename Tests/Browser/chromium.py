"""The headless Debian Chromium that the browser tests drive through Selenium and Debian's chromedriver."""

import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def headless_chromium(*arguments):
    """A new headless Chromium session; `arguments` are extra command-line switches (a window size, say)."""
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", *arguments]:
        options.add_argument(argument)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
