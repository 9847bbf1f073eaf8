import { JSDOM } from "jsdom";
import fs from "node:fs";
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window; globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
const { default: mermaid } = await import("mermaid");
const text = fs.readFileSync(0, "utf8");
try { const r = await mermaid.parse(text); console.log("ok", JSON.stringify(r)); }
catch (e) { console.log("error", e.message.split("\n")[0]); process.exit(1); }
