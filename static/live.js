// Added by `folio serve` to the page it serves, never part of a build. It listens to the
// server's rebuilds (Server-Sent Events): after each one it tells the app to load the bundle
// again (a `folio-reload` event: the route and the view stay), and while the last rebuild
// reported files it could not read it shows them (`path:line:col: error: …`) over the page.
(() => {
  let seen = null;
  let overlay = null;

  const hide = () => {
    overlay?.remove();
    overlay = null;
  };

  const show = (problems) => {
    hide();
    overlay = document.createElement('aside');
    overlay.setAttribute('part', 'error-overlay');
    overlay.className = 'folio-error-overlay';
    overlay.setAttribute('aria-labelledby', 'folio-error-overlay-title');
    // Styles through the CSSOM, which a strict style-src allows (a style attribute it does not).
    Object.assign(overlay.style, {
      position: 'fixed', left: '0', right: '0', bottom: '0', zIndex: '2147483647',
      maxHeight: '50vh', overflow: 'auto', margin: '0', padding: '0.75rem 1rem',
      background: '#3b0a0a', color: '#fff', font: '14px/1.4 ui-monospace, monospace',
      borderTop: '3px solid #ff6b6b', boxShadow: '0 -4px 16px rgb(0 0 0 / 40%)',
    });
    const alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    const title = document.createElement('h2');
    title.id = 'folio-error-overlay-title';
    title.textContent = `folio serve: ${problems.length === 1 ? 'a file' : `${problems.length} files`} could not be bundled`;
    Object.assign(title.style, { font: 'bold 15px/1.4 system-ui, sans-serif', margin: '0 0 0.5rem' });
    const list = document.createElement('ul');
    Object.assign(list.style, { margin: '0', padding: '0', listStyle: 'none' });
    for (const problem of problems) {
      const item = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = problem;
      Object.assign(code.style, { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' });
      item.append(code);
      list.append(item);
    }
    alert.append(title, list);
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide until the next rebuild';
    Object.assign(close.style, { marginTop: '0.5rem', font: '14px system-ui, sans-serif' });
    close.addEventListener('click', hide);
    overlay.append(alert, close);
    document.body.append(overlay);
  };

  const events = new EventSource('/_folio/events');
  events.addEventListener('build', (e) => {
    const build = JSON.parse(e.data);
    // The first message tells the state as the page connects; later ones are rebuilds.
    if (seen !== null && build.generation !== seen) window.dispatchEvent(new Event('folio-reload'));
    seen = build.generation;
    if (build.problems.length) show(build.problems);
    else hide();
  });
})();
