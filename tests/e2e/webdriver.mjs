// A small W3C WebDriver client over fetch: just what the end-to-end tests use.
/** The key W3C WebDriver uses for an element reference (in results and in script arguments). */
export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities) {
    const res = await call(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, res.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const el = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return el[ELEMENT];
  }

  /** Waits until `css` matches an element; returns its id. */
  async waitFor(css, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        return await this.find(css);
      } catch (e) {
        last = e;
        await sleep(100);
      }
    }
    throw new Error(`timed out waiting for ${css}: ${last?.message}`);
  }

  /** Waits until `fn` (a script returning a value) returns something truthy. */
  async waitUntil(script, args = [], timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const v = await this.exec(script, args);
      if (v) return v;
      await sleep(100);
    }
    throw new Error(`timed out waiting for: ${script}`);
  }

  click(el) {
    return this.cmd("POST", `/element/${el}/click`, {});
  }

  /** Clicks at a point of the viewport (`count` 2 for a double click), as a mouse would. */
  async clickAt(x, y, { count = 1, button = 0 } = {}) {
    const presses = Array.from({ length: count }, () => [
      { type: "pointerDown", button },
      { type: "pointerUp", button },
    ]).flat();
    await this.cmd("POST", "/actions", {
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [{ type: "pointerMove", x: Math.round(x), y: Math.round(y), origin: "viewport", duration: 0 }, ...presses],
        },
      ],
    });
    await this.cmd("DELETE", "/actions");
  }

  /** Moves the mouse over an element (what shows a row's hover-only buttons). */
  async hover(el) {
    await this.cmd("POST", "/actions", {
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [{ type: "pointerMove", x: 0, y: 0, origin: { [ELEMENT]: el }, duration: 0 }],
        },
      ],
    });
  }

  type(el, text) {
    return this.cmd("POST", `/element/${el}/value`, { text });
  }

  /** Sends keys to whatever has the focus, as a person typing would. */
  async press(text) {
    const el = await this.cmd("GET", "/element/active");
    return this.type(el[ELEMENT], text);
  }

  exec(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }

  end() {
    return this.cmd("DELETE", "");
  }
}

/** No WebDriver request may wait longer: a page or driver that never answers fails the test. */
const REQUEST_TIMEOUT_MS = 120_000;

async function call(base, method, path, body) {
  let res;
  let json;
  try {
    res = await fetch(base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    json = await res.json();
  } catch (e) {
    if (e?.name === "TimeoutError") throw new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
    throw e;
  }
  if (!res.ok || json.value?.error) {
    throw new Error(`${method} ${path}: ${json.value?.error ?? res.status}: ${json.value?.message ?? ""}`);
  }
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const KEYS = { ctrl: "\uE009", shift: "\uE008", enter: "\uE007", backspace: "\uE003", tab: "\uE004", escape: "\uE00C", right: "\uE014", up: "\uE013", down: "\uE015" };
