// What bench/views.mjs and bench/chain.mjs both time in a page (not a test): installed before
// the page's own scripts, it sets `window.__ready` at the first frame in which `selector`
// matches (the view's first rows), and `window.__screen` at the first frame in which every row
// the window shows has its title and the rows fill the window (or the list ends there): the
// first screen of rows.
export function watchFirstScreen(page, selector) {
  return page.addInitScript((sel) => {
    const look = () => (document.querySelector(sel) ? (window.__ready = performance.now()) : requestAnimationFrame(look));
    requestAnimationFrame(look);
    const screen = () => {
      const items = [...document.querySelectorAll('.folio-list .folio-item')].filter((i) => i.getBoundingClientRect().top < innerHeight);
      const full = items.length && (items.at(-1).getBoundingClientRect().bottom >= innerHeight || document.querySelector('.folio-results[data-search="done"]'));
      if (full && items.every((i) => i.querySelector('.folio-item-title'))) window.__screen = performance.now();
      else requestAnimationFrame(screen);
    };
    requestAnimationFrame(screen);
  }, selector);
}
