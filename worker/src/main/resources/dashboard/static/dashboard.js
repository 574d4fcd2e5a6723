// Refreshes the live parts of a page (data-live: the fragment's URL, data-every: milliseconds) and loads the slow
// ones once (data-load). A part someone is typing in is left alone until they leave it.
for (const part of document.querySelectorAll('[data-live]')) {
  const every = Number(part.dataset.every || 2000);
  const refresh = async () => {
    if (!part.contains(document.activeElement)) {
      try {
        const answer = await fetch(part.dataset.live, { credentials: 'same-origin' });
        if (answer.ok) {
          part.innerHTML = await answer.text();
        }
      } catch (unreachable) {
        // the worker restarts: the next refresh tries again
      }
    }
    setTimeout(refresh, every);
  };
  setTimeout(refresh, every);
}
for (const part of document.querySelectorAll('[data-load]')) {
  fetch(part.dataset.load, { credentials: 'same-origin' })
    .then(answer => answer.text())
    .then(html => { part.innerHTML = html; })
    .catch(() => { part.textContent = 'not readable right now; reload the page to try again'; });
}
