#!/usr/bin/env node
// Screenshots an HTML report the way a reader sees it, to check the pictures after a change:
//   node scripts/screenshot-report.mjs REPORT.html OUT.png
// Uses the system Chromium (Debian's /usr/bin/chromium; CHROMIUM=... for another), so playwright-core needs no
// browser download. Any request that leaves the file is blocked and reported: a report must be self-contained.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/screenshot-report.mjs REPORT.html OUT.png');
  process.exit(2);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const external = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(resolve(input)).href, { waitUntil: 'load' });
  await page.screenshot({ path: resolve(output), fullPage: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`${resolve(output)}: 1200x${height}`);
  if (external.length > 0) {
    console.error(`warning: the report asked for ${external.length} external resource(s):`);
    for (const url of external) console.error(`  ${url}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
