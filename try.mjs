import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const p = await b.newPage({ viewport: { width: 1440, height: 1000 } });
p.on('console', m => console.log('console', m.type(), m.text()));
p.on('pageerror', e => console.log('pageerror', e.message));
await p.goto('file://' + process.argv[2]);
if (process.argv[4]) await p.locator(process.argv[4]).scrollIntoViewIfNeeded();
await p.screenshot({ path: '/tmp/report-shot.png', fullPage: process.argv[3] === 'full' });
await b.close();
