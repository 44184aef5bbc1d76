"""What the page gets besides its components: the style sheet and the script run on load
(``ui.app.launch`` passes both to Gradio).

The script lights a source card up for its ``[n]``, gives the browser its id (the
``quicktakes_browser`` cookie, ``ui.handlers.BROWSER_COOKIE``), names Gradio's example
questions as a group for screen readers, and closes the side list on a phone.
"""

CSS = """
.qt-note { font-size: 0.9em; opacity: 0.85; }
.qt-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 6px 0; }
.qt-source-title { font-weight: 600; }
.qt-source-meta { font-size: 0.85em; opacity: 0.75; margin: 2px 0; }
.qt-source-snippet { font-size: 0.9em; }
.qt-emergency { background: #b00020; color: #fff; font-weight: 700; padding: 10px 12px; border-radius: 8px; margin-bottom: 8px; }
.qt-emergency a:not(.qt-call) { color: #fff; text-decoration: underline; padding: 0 !important; margin: 0 !important; }
.qt-calls { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 8px; }
.qt-emergency a.qt-call { background: #fff; color: #b00020; text-decoration: none; padding: 6px 10px; border-radius: 6px; }
.qt-refused h4 { color: #8a5300; }
/* related questions whole, wrapped; the chat as tall as the window allows */
#qt-related label { width: 100%; white-space: normal; }
#qt-conversations label { width: 100%; }
.qt-source.qt-lit { outline: 3px solid #c77700; background: #fff4dc; color: #1a1a1a; }
.qt-source.qt-lit .qt-evidence { background: #ffe2a8; }
.qt-evidence { font-size: 0.9em; margin-top: 6px; }
/* white on the theme's orange and red is below WCAG AA (axe-core): darker shades */
button.primary, #qt-ask { background: #c2410c !important; border-color: #c2410c !important; color: #fff !important; }
button.primary:hover, #qt-ask:hover { background: #9a3412 !important; }
/* Ask while an answer arrives: Gradio's half-transparent disabled look (and its fade back)
   puts white on light grey, below AA while it lasts; a solid dark grey instead, no fade */
#qt-ask { transition: none !important; }
#qt-ask:disabled { background: #57534e !important; border-color: #57534e !important; opacity: 1 !important; filter: none !important; cursor: wait; }
button.stop, #qt-delete { background: #b91c1c !important; border-color: #b91c1c !important; color: #fff !important; }
button.stop:hover, #qt-delete:hover { background: #991b1b !important; }
"""

# Without a login, conversations belong to the browser: a random id in a cookie it keeps
# (ui.handlers.BROWSER_COOKIE), sent with every request. On a phone the side list covers the
# whole page when open: it starts closed there (its toggle opens it), open on a wider window.
PAGE_JS = """() => {
  // a [n] of an answer, hovered, focused or clicked: its source card lit up and shown
  const light = (event) => {
    const a = event.target.closest && event.target.closest('#qt-chat a');
    if (!a || !/^\\[?\\d+\\]?$/.test(a.textContent.trim())) return;
    const cards = [...document.querySelectorAll('#qt-sources .qt-source')];
    // by the article's address: a [1] of an earlier answer lights nothing if its article is
    // not among the last answer's sources
    const card = cards.find(c => c.dataset.url && c.dataset.url === a.getAttribute('href'));
    cards.forEach(c => c.classList.toggle('qt-lit', c === card));
    if (card) card.scrollIntoView({block: 'nearest', behavior: 'smooth'});
  };
  ['mouseover', 'focusin', 'click'].forEach(kind => document.addEventListener(kind, light, true));
  if (!document.cookie.split('; ').some(c => c.startsWith('quicktakes_browser='))) {
    const id = [...crypto.getRandomValues(new Uint8Array(16))].map(b => b.toString(16).padStart(2, '0')).join('');
    document.cookie = `quicktakes_browser=${id}; max-age=63072000; path=/; SameSite=Strict`;
  }
  // Gradio's example questions come as a role="list" whose children are buttons, not list
  // items (axe-core: aria-required-children, critical): a named group of buttons instead
  const examples = () => document.querySelectorAll('#qt-chat .examples[role="list"]').forEach(e => {
    e.setAttribute('role', 'group');
    e.setAttribute('aria-label', 'Example questions');
  });
  examples();
  new MutationObserver(examples).observe(document.body, {childList: true, subtree: true});
  if (window.innerWidth > 768) return;
  const wait = setInterval(() => {
    const side = document.querySelector('#qt-sidebar');
    if (!side) return;
    clearInterval(wait);
    if (side.classList.contains('open')) side.querySelector('.toggle-button')?.click();
  }, 100);
  setTimeout(() => clearInterval(wait), 10000);
}"""
