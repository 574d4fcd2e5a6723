// The dashboard in a real browser, as a team uses it, signing in through the identity provider (Keycloak in the
// tests): a viewer of the stack's customers sees that stack and not the other one, and is offered no retry; a disabled
// account is refused by the provider; an operator of the stack's customers presses retry on the step that needs
// attention and watches the run complete. Takes screenshots of each page. Run by DashboardIT (dev/test) with:
//   DASHBOARD_URL, CUSTOMER (needs attention), OTHER_CUSTOMER (another customer's stack), PROVIDER_URL (its origin),
//   VIEWER, OPERATOR, DISABLED (user:password each), SCREENSHOTS (a directory)
// Uses Debian's Chromium through playwright-core; never downloads a browser.
import { chromium } from 'playwright-core';

const url = process.env.DASHBOARD_URL;
const customer = process.env.CUSTOMER;
const other = process.env.OTHER_CUSTOMER;
const provider = process.env.PROVIDER_URL;
const shots = process.env.SCREENSHOTS;
const [viewer, operator, disabled] = ['VIEWER', 'OPERATOR', 'DISABLED'].map(v => (process.env[v] || '').split(':'));
if (!url || !customer || !other || !provider || !shots || !viewer[1] || !operator[1] || !disabled[1]) {
  console.error('usage: DASHBOARD_URL=… CUSTOMER=… OTHER_CUSTOMER=… PROVIDER_URL=… VIEWER=user:pw OPERATOR=user:pw '
    + 'DISABLED=user:pw SCREENSHOTS=dir node dev/browser/dashboard.mjs');
  process.exit(64);
}
const say = line => console.log('browser: ' + line);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const elsewhere = [];

/** A browser of its own (cookies and all) for one person. */
async function person(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('request', request => {
    if (!request.url().startsWith(url) && !request.url().startsWith(provider)) {
      elsewhere.push(request.url());
    }
  });
  return { context, page, name };
}

/** From the dashboard's sign-in page through the provider's form; true when back on the dashboard. */
async function signIn(page, [user, password]) {
  await page.goto(url + '/');
  await page.waitForURL(`${url}/login**`);
  await page.locator('#sign-in-sso').click();
  await page.waitForURL(`${provider}/**`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  await page.waitForURL(u => u.toString().startsWith(url) || u.toString().includes('login-actions'), { timeout: 30_000 })
    .catch(() => {});
  return page.url().startsWith(url);
}

let current = null;
try {
  current = await person('viewer');
  if (!await signIn(current.page, viewer)) throw new Error(`${viewer[0]} was not signed in`);
  await current.page.waitForURL(`${url}/`);
  await current.page.locator(`tr[data-customer="${customer}"]`).waitFor();
  const seesOther = await current.page.locator(`tr[data-customer="${other}"]`).count();
  say(`${viewer[0]} signed in through the provider; the fleet lists ${customer}, ${seesOther ? 'and' : 'not'} ${other}`);
  await current.page.screenshot({ path: `${shots}/dashboard-viewer-fleet.png`, fullPage: true });
  await current.page.locator(`tr[data-customer="${customer}"] a`, { hasText: customer }).click();
  await current.page.locator('div.attention').waitFor();
  say(`${viewer[0]} on the stack page: ${await current.page.locator('#retry').count()} retry buttons; `
    + (await current.page.locator('div.actions p.note').first().innerText()));
  await current.page.locator('button', { hasText: 'sign out' }).click();
  await current.page.waitForURL(`${url}/login**`);
  say(`${viewer[0]} signed out`);
  await current.context.close();

  current = await person('disabled');
  const back = await signIn(current.page, disabled);
  say(`${disabled[0]} ${back ? 'was signed in' : 'was refused by the provider: '
    + (await current.page.locator('body').innerText()).split('\n').find(l => /disabled/i.test(l))}`);
  await current.context.close();

  current = await person('operator');
  if (!await signIn(current.page, operator)) throw new Error(`${operator[0]} was not signed in`);
  await current.page.waitForURL(`${url}/`);
  const row = current.page.locator(`tr[data-customer="${customer}"]`);
  await row.locator('.badge.needs-attention').waitFor();
  say(`${operator[0]} signed in; fleet page lists ${customer}: ${(await row.innerText()).replace(/\s+/g, ' ').trim()}`);
  say(`${operator[0]} operates ${customer} and ${await current.page.locator(`tr[data-customer="${other}"]`).count()
    ? 'sees' : 'does not see'} ${other}`);
  await current.page.screenshot({ path: `${shots}/dashboard-fleet.png`, fullPage: true });
  await row.locator('a', { hasText: customer }).click();
  await current.page.waitForURL(`**/stacks/${customer}`);
  await current.page.locator('div.attention').waitFor();
  say(`stack page: ${(await current.page.locator('tr.step[data-state="needs attention"]').innerText()).replace(/\s+/g, ' ').trim()}`);
  await current.page.locator('#retry').waitFor();
  await current.page.locator('table.backups').waitFor({ timeout: 120_000 });
  await current.page.screenshot({ path: `${shots}/dashboard-stack.png`, fullPage: true });
  await current.page.locator('#retry').click();
  await current.page.locator('.said').waitFor();
  say(`pressed retry: ${await current.page.locator('.said').innerText()}`);
  await current.page.locator('#run-state', { hasText: 'completed' }).waitFor({ timeout: 240_000 });
  say(`run completed on the page, ${await current.page.locator('tr.step').count()} steps done`);
  await current.page.screenshot({ path: `${shots}/dashboard-stack-completed.png`, fullPage: true });
  if (elsewhere.length > 0) {
    throw new Error('the pages asked for something beyond the dashboard and its provider: ' + elsewhere.join(', '));
  }
  say('no request left the dashboard and its identity provider');
} catch (e) {
  if (current) {
    await current.page.screenshot({ path: `${shots}/dashboard-failure.png`, fullPage: true }).catch(() => {});
    console.error(await current.page.content().catch(() => ''));
  }
  console.error('browser: failed: ' + e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
