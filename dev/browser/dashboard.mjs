// The dashboard in a real browser, as an operator uses it: the fleet page lists the stack that needs attention; its
// page shows the step and the error; the operator signs in, presses retry and watches the run complete. Takes
// screenshots of each page. Run by DashboardIT (dev/test) with:
//   DASHBOARD_URL, CUSTOMER, OPERATOR_TOKEN, SCREENSHOTS (a directory)
// Uses Debian's Chromium through playwright-core; never downloads a browser.
import { chromium } from 'playwright-core';

const url = process.env.DASHBOARD_URL;
const customer = process.env.CUSTOMER;
const token = process.env.OPERATOR_TOKEN;
const shots = process.env.SCREENSHOTS;
if (!url || !customer || !token || !shots) {
  console.error('usage: DASHBOARD_URL=… CUSTOMER=… OPERATOR_TOKEN=… SCREENSHOTS=dir node dev/browser/dashboard.mjs');
  process.exit(64);
}
const say = line => console.log('browser: ' + line);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
page.setDefaultTimeout(30_000);
const external = [];
page.on('request', request => {
  if (!request.url().startsWith(url)) {
    external.push(request.url());
  }
});
try {
  await page.goto(url + '/');
  const row = page.locator(`tr[data-customer="${customer}"]`);
  await row.locator('.badge.needs-attention').waitFor();
  say(`fleet page lists ${customer}: ${(await row.innerText()).replace(/\s+/g, ' ').trim()}`);
  await page.screenshot({ path: `${shots}/dashboard-fleet.png`, fullPage: true });

  await row.locator('a', { hasText: customer }).click();
  await page.waitForURL(`**/stacks/${customer}`);
  const attention = page.locator('div.attention');
  await attention.waitFor();
  say(`stack page: ${(await page.locator('tr.step[data-state="needs attention"]').innerText()).replace(/\s+/g, ' ').trim()}`);
  say(`error shown: ${(await attention.locator('pre').innerText()).split('\n')[0]}`);

  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await page.locator('#token').fill(token);
  await page.locator('#sign-in').click();
  await page.waitForURL(`**/stacks/${customer}`);
  await page.locator('#retry').waitFor();
  await page.locator('table.backups').waitFor({ timeout: 120_000 });
  await page.screenshot({ path: `${shots}/dashboard-stack.png`, fullPage: true });

  await page.locator('#retry').click();
  await page.locator('.said').waitFor();
  say(`pressed retry: ${await page.locator('.said').innerText()}`);
  await page.locator('#run-state', { hasText: 'completed' }).waitFor({ timeout: 240_000 });
  const steps = await page.locator('tr.step').count();
  say(`run completed on the page, ${steps} steps done`);
  await page.screenshot({ path: `${shots}/dashboard-stack-completed.png`, fullPage: true });
  if (external.length > 0) {
    throw new Error('the pages asked for something beyond the dashboard: ' + external.join(', '));
  }
  say('no request left the dashboard');
} catch (e) {
  await page.screenshot({ path: `${shots}/dashboard-failure.png`, fullPage: true }).catch(() => {});
  console.error('browser: failed: ' + e.message);
  console.error(await page.content().catch(() => ''));
  process.exitCode = 1;
} finally {
  await browser.close();
}
