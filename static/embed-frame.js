// Folio's iframe embed, for the host page: <iframe data-folio src=".../index.html"></iframe> and
// <script src=".../embed-frame.js"></script>. The viewer inside reports its height; this sizes
// the iframe to it, so the frame never scrolls on its own.
addEventListener('message', (event) => {
  if (!event.data || event.data.type !== 'folio-height') return;
  for (const frame of document.querySelectorAll('iframe[data-folio]')) {
    if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(event.data.height)}px`;
  }
});
