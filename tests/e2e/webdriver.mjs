// A small W3C WebDriver client over fetch: enough to drive the real app through
// tauri-driver -> WebKitWebDriver without pulling a test framework into the repo.
import { writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { auditScreen } from "./accessibility.mjs";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** WebDriver's codes for the keys a keyboard-only analyst uses. */
export const Keys = {
  TAB: "\uE004",
  ENTER: "\uE007",
  SPACE: " ",
  SHIFT: "\uE008",
  DOWN: "\uE015",
  UP: "\uE013",
  BACKSPACE: "\uE003",
};

export class WebDriver {
  constructor(base = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444") {
    this.base = base;
    this.sessionId = null;
  }

  async #call(method, path, body) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const v = json.value ?? {};
      const err = new Error(`${method} ${path}: ${res.status} ${v.error ?? ""} ${v.message ?? ""}`);
      err.webdriverError = v.error;
      throw err;
    }
    return json.value;
  }

  #s(path) {
    return `/session/${this.sessionId}${path}`;
  }

  async start(application) {
    const value = await this.#call("POST", "/session", {
      capabilities: {
        alwaysMatch: { browserName: "wry", "tauri:options": { application } },
      },
    });
    this.sessionId = value.sessionId;
    return this;
  }

  async quit() {
    if (this.sessionId) await this.#call("DELETE", this.#s("")).catch(() => {});
    this.sessionId = null;
  }

  async find(css) {
    const value = await this.#call("POST", this.#s("/element"), { using: "css selector", value: css });
    return value[ELEMENT];
  }

  async findAll(css) {
    const value = await this.#call("POST", this.#s("/elements"), { using: "css selector", value: css });
    return value.map((v) => v[ELEMENT]);
  }

  /** Polls until `css` matches (the UI renders asynchronously after IPC calls). */
  async waitFor(css, { timeoutMs = 15000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        return await this.find(css);
      } catch (e) {
        last = e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`timed out waiting for ${css}: ${last?.message}`);
  }

  /** Polls until the text of `css` satisfies `predicate`; returns the text. */
  async waitForText(css, predicate, { timeoutMs = 15000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let text = "";
    while (Date.now() < deadline) {
      try {
        text = await this.text(await this.find(css));
        if (predicate(text)) return text;
      } catch {
        /* not rendered yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for text of ${css}; last was ${JSON.stringify(text)}`);
  }

  /** The first element matching `css` whose visible text equals `text`. */
  async findByText(css, text, { timeoutMs = 10000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const el of await this.findAll(css)) {
        if ((await this.text(el)).trim() === text) return el;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${css} with text ${JSON.stringify(text)}`);
  }

  /** Clicks `el`. WebKitGTK scrolls an element only just into view, where a sticky
   * header can cover it ("element not interactable"): then it is centred and clicked again. */
  async click(el) {
    try {
      return await this.#call("POST", this.#s(`/element/${el}/click`), {});
    } catch (e) {
      if (e?.webdriverError !== "element not interactable") throw e;
      await this.execute(`arguments[0].scrollIntoView({ block: "center" })`, [{ [ELEMENT]: el }]);
      return this.#call("POST", this.#s(`/element/${el}/click`), {});
    }
  }

  text(el) {
    return this.#call("GET", this.#s(`/element/${el}/text`));
  }

  attribute(el, name) {
    return this.#call("GET", this.#s(`/element/${el}/attribute/${name}`));
  }

  type(el, text) {
    return this.#call("POST", this.#s(`/element/${el}/value`), { text });
  }

  execute(script, args = []) {
    return this.#call("POST", this.#s("/execute/sync"), { script, args });
  }

  /** Presses keys on whatever has the focus, as a keyboard does (W3C actions): each
   * entry is a key (`"a"`, `Keys.TAB`) or an array pressed together (`[Keys.SHIFT, Keys.TAB]`). */
  keys(...presses) {
    const actions = presses.flatMap((p) => {
      const chord = Array.isArray(p) ? p : [p];
      return [
        ...chord.map((value) => ({ type: "keyDown", value })),
        ...chord.toReversed().map((value) => ({ type: "keyUp", value })),
      ];
    });
    return this.#call("POST", this.#s("/actions"), { actions: [{ type: "key", id: "keyboard", actions }] });
  }

  /** The script calls its last argument with the result. */
  executeAsync(script, args = []) {
    return this.#call("POST", this.#s("/execute/async"), { script, args });
  }

  title() {
    return this.#call("GET", this.#s("/title"));
  }

  /** Every screenshot is also an accessibility audit of that screen (accessibility.mjs):
   * the PNG is written first, so a failing screen can be looked at. */
  async screenshot(path, { audit = true } = {}) {
    // Let the compositor catch up with the last DOM change before capturing.
    await new Promise((r) => setTimeout(r, 400));
    const b64 = await this.#call("GET", this.#s("/screenshot"));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, Buffer.from(b64, "base64"));
    if (audit && !/failure/.test(path)) await auditScreen(this, path);
    return path;
  }
}
