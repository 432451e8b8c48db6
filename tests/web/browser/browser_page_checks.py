"""Checks run inside the browser: colour contrast of rendered text, and visible focus."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

# WCAG 2.1 contrast (1.4.3): 4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold),
# computed from each text element's colour and the first opaque background behind it.
_CONTRAST = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(",").map((x) => parseFloat(x));
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c && c.a > 0.9) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const failures = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest(".visually-hidden, [hidden], svg, noscript, .skip-link")) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const shown = style.visibility !== "hidden" && style.display !== "none";
    if (!shown || !box.width || !box.height) continue;
    const fg = parse(style.color);
    const bg = background(el);
    const [a, b] = [luminance(fg), luminance(bg)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) {
      failures.push({ text: node.textContent.trim().slice(0, 50), ratio: ratio.toFixed(2), needed,
                      color: style.color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})` });
    }
  }
  return failures;
}
"""

_FOCUS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    className: String(el.className || ""),
    href: el.getAttribute("href"),
    text: (el.textContent || "").trim().slice(0, 80),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
  };
}
"""

_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def contrast_failures(page: Page) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(_CONTRAST)
    return result


def focused(page: Page) -> dict[str, Any] | None:
    result: dict[str, Any] | None = page.evaluate(_FOCUS)
    return result


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 on a page that fits a phone)."""
    return int(page.evaluate(_OVERFLOW))
