// <statefulset-playground>: the StatefulSet Playground as a custom element, for any page,
// with no framework. Put this file and the built page side by side, then:
//
//   <script src="statefulset-playground.js"></script>
//   <statefulset-playground tour="identity" height="auto"></statefulset-playground>
//
// Attributes (all optional) are the page's address options: tour, scenario, controls,
// theme, autoplay, speed, panels; run="…" opens a shared run (a link's #run= part);
// height="auto" (default) grows the frame to fit its content, a number fixes it in
// pixels; src names the page (default: index.html beside this script); title names the
// frame for screen readers.
//
// API: el.run("kubectl get pods") returns a Promise of {command, output, error};
// el.seek(seconds) shows that moment; el.on(name, fn) listens for "ready", "output",
// "event" (each new Kubernetes event: reason, message, object, eventType, clock) and
// "resize"; the same arrive as DOM events "sts-ready", "sts-output", "sts-event",
// "sts-resize" with the message as `detail`. Each element drives its own frame, so
// several on one page are independent.
(() => {
  "use strict";
  const script = document.currentScript;
  const BASE = new URL(".", script && script.src ? script.src : location.href);
  const OPTIONS = ["tour", "scenario", "controls", "theme", "autoplay", "speed", "panels"];

  class StatefulSetPlayground extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this._listeners = {};
      this._pending = [];
      this._queue = [];
      this._ready = false;
      this._onMessage = (e) => this._receive(e);
    }

    connectedCallback() {
      if (this._frame) return;
      const query = new URLSearchParams();
      for (const name of OPTIONS) if (this.hasAttribute(name)) query.set(name, this.getAttribute(name));
      const src = new URL(this.getAttribute("src") || "index.html", BASE);
      src.search = query.toString();
      if (this.hasAttribute("run")) src.hash = "run=" + this.getAttribute("run");
      const height = this.getAttribute("height") || "auto";
      this._auto = height === "auto";
      const frame = document.createElement("iframe");
      frame.title = this.getAttribute("title") || "StatefulSet Playground";
      frame.style.cssText = "display:block;width:100%;border:0;";
      frame.style.height = this._auto ? "600px" : /^\d+$/.test(height) ? `${height}px` : height;
      frame.src = src.href;
      this._frame = frame;
      this._ready = false;
      window.addEventListener("message", this._onMessage);
      this.shadowRoot.replaceChildren(frame);
    }

    disconnectedCallback() {
      window.removeEventListener("message", this._onMessage);
      this.shadowRoot.replaceChildren();
      this._frame = null;
    }

    /** Runs a command line in this playground; resolves with its output. */
    run(command) {
      return new Promise((resolve) => {
        this._pending.push({ command: String(command).trim(), resolve });
        this._post({ type: "sts-run", command: String(command) });
      });
    }

    /** Shows the moment `seconds` after the start. */
    seek(seconds) {
      this._post({ type: "sts-seek", seconds: Number(seconds) });
    }

    /** Calls `fn` with every message called `name`: ready, output, event, resize. */
    on(name, fn) {
      (this._listeners[name] ??= []).push(fn);
      return this;
    }

    _post(message) {
      const text = JSON.stringify(message);
      if (this._ready && this._frame) this._frame.contentWindow.postMessage(text, "*");
      else this._queue.push(text);
    }

    _receive(e) {
      if (!this._frame || e.source !== this._frame.contentWindow || typeof e.data !== "string") return;
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        return;
      }
      if (m.type === "sts-ready") {
        this._ready = true;
        for (const text of this._queue.splice(0)) this._frame.contentWindow.postMessage(text, "*");
      } else if (m.type === "sts-resize" && this._auto) {
        this._frame.style.height = `${m.height}px`;
      } else if (m.type === "sts-output") {
        const i = this._pending.findIndex((p) => p.command === m.command);
        if (i >= 0) this._pending.splice(i, 1)[0].resolve(m);
      }
      const name = String(m.type).replace(/^sts-/, "");
      for (const fn of this._listeners[name] || []) fn(m);
      this.dispatchEvent(new CustomEvent(`sts-${name}`, { detail: m }));
    }
  }

  if (!customElements.get("statefulset-playground")) customElements.define("statefulset-playground", StatefulSetPlayground);
})();
