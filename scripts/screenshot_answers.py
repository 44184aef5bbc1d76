"""Ask a running chat some questions in a real browser and save a screenshot of each answer.

    .venv/bin/python scripts/screenshot_answers.py --url http://127.0.0.1:7860 --out docs/img/x \
        "what is atrial fibrillation || how is it treated?" "can asthma go away as you get older"

Turns of one conversation are separated by " || "; the screenshot is taken after the last one.
Uses Playwright with the system Chromium (scripts/install-system-deps.sh installs it).
"""

from __future__ import annotations

import argparse
import shutil
import time

from playwright.sync_api import sync_playwright

DONE = """() => { const b = document.querySelectorAll('#qt-chat [data-testid="bot"]');
  return b.length >= %d && b[b.length - 1].innerText.includes('not medical advice')
         && document.querySelector('#qt-sources h4'); }"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:7860")
    parser.add_argument("--out", required=True, help="path prefix of the PNG files (-1.png, -2.png, ...)")
    parser.add_argument("--text", action="store_true", help="also print each last answer as the page shows it")
    parser.add_argument("--size", default="1280x1000", help="the window, WIDTHxHEIGHT (a phone: 390x844)")
    parser.add_argument("--window", action="store_true", help="the window only, not the whole page")
    parser.add_argument("conversations", nargs="+")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for i, conversation in enumerate(args.conversations, 1):
            width, height = (int(x) for x in args.size.lower().split("x"))
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(args.url, wait_until="domcontentloaded")
            page.wait_for_selector("#qt-input textarea", timeout=120_000)
            for n, turn in enumerate(conversation.split(" || "), 1):
                page.fill("#qt-input textarea", turn)
                page.click("#qt-ask")
                page.wait_for_function(DONE % n, timeout=120_000)
            time.sleep(0.5)
            page.screenshot(path=f"{args.out}-{i}.png", full_page=not args.window)
            print(f"{args.out}-{i}.png: {conversation}")
            if args.text:
                print(page.locator('#qt-chat [data-testid="bot"]').last.inner_text() + "\n")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
