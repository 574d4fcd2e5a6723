// A person confirming `stackctl login`'s code in a browser, as the provider (Keycloak in the tests) asks: its
// verification page, its sign-in form, its consent if it asks for one, until it says the device is signed in.
// Run by DashboardIT with: VERIFICATION_URL (the complete one stackctl printed), USER_PASSWORD (user:password)
// Uses Debian's Chromium through playwright-core; never downloads a browser.
import { chromium } from 'playwright-core';

const url = process.env.VERIFICATION_URL;
const [user, password] = (process.env.USER_PASSWORD || '').split(':');
if (!url || !user || !password) {
  console.error('usage: VERIFICATION_URL=… USER_PASSWORD=user:password node dev/browser/device.mjs');
  process.exit(64);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  for (let step = 0; step < 6; step++) {
    await page.waitForLoadState();
    const text = await page.locator('body').innerText();
    if (/successful|signed in|you may close/i.test(text) && !(await page.locator('#username').count())) {
      console.log('device: ' + text.split('\n').find(l => /successful|signed in|close/i.test(l)).trim());
      break;
    }
    if (await page.locator('#username').count()) {
      await page.locator('#username').fill(user);
      await page.locator('#password').fill(password);
      await page.locator('#kc-login').click();
    } else if (await page.locator('input[name="accept"], button[name="accept"], #kc-login').count()) {
      await page.locator('input[name="accept"], button[name="accept"], #kc-login').first().click();
    } else {
      throw new Error('a page it does not know: ' + text.slice(0, 300));
    }
  }
} catch (e) {
  console.error('device: failed: ' + e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
