// End to end: the built QBox app under Xvfb, driven through tauri-driver + WebKitWebDriver.
// Starts the app with a CSV argument, finds its table in the tree, types and runs a query,
// checks real values, cancels a long query, and saves a screenshot.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { KEYS, Session, sleep } from "./webdriver.mjs";

const driver = process.env.QBOX_WEBDRIVER_URL;
const app = process.env.QBOX_APP;
const artifacts = process.env.QBOX_E2E_ARTIFACTS;
assert.ok(driver && app && artifacts, "run through tests/e2e/run.sh");

const dataDir = mkdtempSync(join(tmpdir(), "qbox-e2e-data-"));
const csv = join(dataDir, "people.csv");
writeFileSync(csv, "name,age,city\nAda,36,London\nGrace,85,New York\nAlan,41,Wilmslow\n");

let s;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  s = await Session.start(driver, {
    browserName: "wry",
    "tauri:options": { application: app, args: [csv] },
  });
});

after(async () => {
  await s?.end().catch(() => undefined);
});

/** Replaces the editor's text by typing it, as a person would. */
async function typeSql(sql) {
  const editor = await s.waitFor(".cm-content");
  await s.click(editor);
  await s.type(editor, KEYS.ctrl + "a" + KEYS.ctrl);
  await s.type(editor, KEYS.backspace);
  await s.type(editor, sql);
  const text = await s.exec("return document.querySelector('.cm-content').innerText");
  assert.match(text.replace(/\s+/g, " "), /select/i);
}

/** Text of the grid's cells (Glide renders an accessible table behind its canvas). */
async function gridText(row, columns) {
  return s.exec(
    `const out = [];
     for (let c = 1; c <= arguments[1]; c++) {
       const el = document.querySelector('[data-testid="glide-cell-' + c + '-' + arguments[0] + '"]');
       out.push(el ? el.textContent : null);
     }
     return out;`,
    [row, columns],
  );
}

test("a CSV given on the command line shows up as a table in the tree", async () => {
  await s.waitFor('[data-testid="source-node"][data-view="file_people"]');
  const views = await s.exec(
    "return [...document.querySelectorAll('[data-testid=source-node]')].map(n => n.dataset.view)",
  );
  assert.ok(views.includes("file_people"), `tree: ${views}`);
  assert.ok(views.includes("file_orders"), "the demo workspace is there too");
});

test("typing and running a query shows its real values", async () => {
  await typeSql("select name, age * 2 as double_age from file_people where age > 40 order by age desc");
  await s.click(await s.find('[data-testid="run"]'));
  await s.waitFor('[data-testid="run-status"][data-status="done"]');
  const rows = await s.waitUntil("return document.querySelector('[data-testid=row-count]')?.textContent");
  assert.equal(rows, "2 rows");
  const first = await s.waitUntil(
    `const el = document.querySelector('[data-testid="glide-cell-1-0"]');
     return el && el.textContent ? el.textContent : null;`,
  );
  assert.equal(first, "Grace");
  assert.deepEqual(await gridText(0, 2), ["Grace", "170"]);
  assert.deepEqual(await gridText(1, 2), ["Alan", "82"]);
  await sleep(1000);
  writeFileSync(join(artifacts, "qbox-results.png"), await s.screenshot());
});

test("a long query can be cancelled", async () => {
  await typeSql("select sum(a.range * b.range) from range(100000000) a, range(100000000) b");
  await s.click(await s.find('[data-testid="run"]'));
  await s.waitFor('[data-testid="run-status"][data-status="running"]');
  await sleep(500);
  const asked = Date.now();
  await s.click(await s.find('[data-testid="cancel"]'));
  await s.waitFor('[data-testid="run-status"][data-status="cancelled"]', 10000);
  console.log(`cancel reached the UI in ${Date.now() - asked} ms`);
});

test("an SQL error is shown with its line", async () => {
  await typeSql("select 1;" + KEYS.enter + "selec 2");
  // Select all so both statements run and the error is on line 2.
  const editor = await s.find(".cm-content");
  await s.type(editor, KEYS.ctrl + "a" + KEYS.ctrl);
  await s.click(await s.find('[data-testid="run"]'));
  const text = await s.waitUntil("return document.querySelector('[data-testid=run-error]')?.textContent");
  assert.match(text, /syntax error/);
  assert.match(text, /line 2/);
  await sleep(1000);
  writeFileSync(join(artifacts, "qbox-error.png"), await s.screenshot());
});

test("the query's SQL is autosaved and is there after a restart", async () => {
  await typeSql("select 'kept across restarts' as note");
  await sleep(1500); // past the autosave delay
  const name = await s.exec("return document.querySelector('[data-testid=query-item].current')?.dataset.name");
  assert.equal(name, "Revenue by category", "the demo's query is the one open");
  await s.end();
  s = await Session.start(driver, { browserName: "wry", "tauri:options": { application: app } });
  await s.waitFor(".cm-content");
  const text = await s.waitUntil(
    "const t = document.querySelector('.cm-content')?.innerText; return t && t.includes('kept across') ? t : null",
  );
  assert.match(text, /select 'kept across restarts' as note/);
  const current = await s.exec("return document.querySelector('.node.current')?.dataset.name");
  assert.equal(current, name);
  await sleep(1000);
  writeFileSync(join(artifacts, "qbox-after-restart.png"), await s.screenshot());
});

test("an older version can be compared and restored from the history", async () => {
  await s.click(await s.find('[data-testid="history"]'));
  await s.waitFor('[data-testid="history-panel"] .version');
  const count = await s.exec("return document.querySelectorAll('[data-testid=history-panel] .version').length");
  assert.ok(count >= 3, `versions listed: ${count}`);
  // The oldest version is the demo query as first created.
  await s.exec("const v = document.querySelectorAll('[data-testid=history-panel] .version'); v[v.length - 1].click(); return true");
  await s.waitUntil("return document.querySelector('[data-testid=history-diff]')?.innerText.includes('Revenue by product category')");
  await sleep(1000);
  writeFileSync(join(artifacts, "qbox-history.png"), await s.screenshot());
  const restore = await s.find(".diff-legend .primary");
  await s.click(restore);
  const text = await s.waitUntil(
    "const t = document.querySelector('.cm-content')?.innerText; return t && t.includes('Revenue by product category') ? t : null",
  );
  assert.match(text, /JOIN file_products/);
});
