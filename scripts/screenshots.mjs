// Takes the README's screenshots from the real app in dist/ (run `make screenshots`): the list,
// a search and an article, 1200×800, in Chromium.
import { start } from '../tests/browser/harness.mjs';

const env = await start();
try {
  const page = await env.page();
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(env.url);
  await page.waitForSelector('.folio-item');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/screenshots/list.png' });

  await page.fill('#folio-filter-input', '残疾人 事业');
  await page.waitForSelector('.folio-results[data-search="done"]');
  await page.fill('#folio-filter-input', 'webassem');
  await page.waitForSelector('.folio-results[data-search="done"][data-q="webassem"]');
  await page.locator('.folio-excerpt mark').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/screenshots/search.png' });

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${env.url}#/?author=1`);
  await page.waitForSelector('.folio-item');
  await page.click('.folio-item-title a >> nth=0');
  await page.waitForSelector('.folio-body');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/screenshots/article.png' });
  console.log('wrote docs/screenshots/list.png, search.png and article.png');
} finally {
  await env.close();
}
