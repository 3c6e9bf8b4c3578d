// The webview freezes `Object.prototype` before any script runs (Tauri's `freezePrototype`), so
// that no script can pollute the prototype every object shares. A frozen prototype has one known
// cost, the "override mistake": plain assignment of a property that `Object.prototype` holds
// (`Foo.prototype.toString = ...`, `proto.constructor = Foo`) throws in strict code instead of
// creating the object's own property, and several bundled libraries (Apache Arrow's BigNum,
// ECharts' scheduler, the SQL formatter's parser) do exactly that while loading.
//
// This build step rewrites every such assignment into a call that defines the object's own
// property when, and only when, plain assignment would hit a read-only inherited one; every
// other case stays a plain assignment, with its setters and attributes.
import MagicString from "magic-string";
import type { Plugin } from "vite";

/** The data properties of `Object.prototype` that a frozen prototype makes read-only. */
const SHADOWED = [
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
];

const HELPER = "__qboxSetOwn";
const ASSIGN_HELPER = "__qboxAssign";

// Defined in every module that needs it: a hoisted declaration works in ES modules, CommonJS and
// scripts alike, and keeps the rewritten code free of imports.
const HELPER_SOURCE = `
function ${HELPER}(o, k, v) {
  if (Object(o) === o && !Object.prototype.hasOwnProperty.call(o, k) && Object.isExtensible(o)) {
    for (var p = Object.getPrototypeOf(o); p !== null; p = Object.getPrototypeOf(p)) {
      var d = Object.getOwnPropertyDescriptor(p, k);
      if (d) {
        if ("value" in d && !d.writable) {
          Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
          return v;
        }
        break;
      }
    }
  }
  o[k] = v;
  return v;
}
function ${ASSIGN_HELPER}(target) {
  var to = Object(target);
  for (var i = 1; i < arguments.length; i++) {
    var from = arguments[i];
    if (from == null) continue;
    from = Object(from);
    var keys = Reflect.ownKeys(from);
    for (var j = 0; j < keys.length; j++) {
      if (Object.prototype.propertyIsEnumerable.call(from, keys[j])) ${HELPER}(to, keys[j], from[keys[j]]);
    }
  }
  return to;
}
`;

const MAY_ASSIGN = new RegExp(`(${SHADOWED.join("|")})['"]?\\s*\\]?\\s*=[^=]|Object\\.assign\\s*\\(|for\\s*\\(`);
const TARGET = new RegExp(
  `^\\s*(?:\\.\\s*(${SHADOWED.join("|")})|\\[\\s*(["'])(${SHADOWED.join("|")})\\2\\s*\\])\\s*=`,
);

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string";
}

function children(node: Node): Node[] {
  const found: Node[] = [];
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) found.push(...value.filter(isNode));
    else if (isNode(value)) found.push(value);
  }
  return found;
}

/** `loopKeys` and the variable a `for (… in …)` loop assigns, when it is a plain name. */
function withLoopKey(loopKeys: ReadonlySet<string>, left: Node): ReadonlySet<string> {
  const declared = left.type === "VariableDeclaration" ? ((left.declarations as Node[])[0]?.id as Node | undefined) : left;
  if (declared?.type !== "Identifier") return loopKeys;
  return new Set([...loopKeys, declared.name as string]);
}

/** `Object.assign`, written plainly (not computed). */
function isObjectAssign(callee: Node): boolean {
  if (callee.type !== "MemberExpression" || callee.computed) return false;
  const object = callee.object as Node;
  const property = callee.property as Node;
  return object.type === "Identifier" && object.name === "Object" && property.type === "Identifier" && property.name === "assign";
}

/**
 * Rewrites `obj.name = value` (and `obj["name"] = value`) for the names in `SHADOWED` into
 * `__qboxSetOwn(obj, "name", value)`, `obj[key] = value` inside `for (key in …)` into
 * `__qboxSetOwn(obj, key, value)`, and `Object.assign(…)` into `__qboxAssign(…)`. Returns null
 * when the code has none.
 */
export function rewriteOverrides(
  code: string,
  parse: (code: string) => unknown,
): { code: string; map: ReturnType<MagicString["generateMap"]> } | null {
  if (!MAY_ASSIGN.test(code)) return null;
  const out = new MagicString(code);
  let rewritten = 0;
  // Each node with the `for (key in ...)` loop variables around it.
  const stack: [Node, ReadonlySet<string>][] = [[parse(code) as Node, new Set()]];
  while (stack.length > 0) {
    const [node, loopKeys] = stack.pop() as [Node, ReadonlySet<string>];
    const inner = node.type === "ForInStatement" ? withLoopKey(loopKeys, node.left as Node) : loopKeys;
    for (const child of children(node)) stack.push([child, inner]);
    // `Object.assign(target, ...)` sets each key as plain assignment does, so a source holding
    // `constructor` or `toString` (Apache Arrow's BigNum mixins) meets the same read-only one.
    if (node.type === "CallExpression" && isObjectAssign(node.callee as Node)) {
      const callee = node.callee as Node;
      out.overwrite(callee.start, callee.end, ASSIGN_HELPER);
      rewritten += 1;
      continue;
    }
    if (node.type !== "AssignmentExpression" || node.operator !== "=") continue;
    const left = node.left as Node;
    const right = node.right as Node;
    if (left.type !== "MemberExpression") continue;
    const object = left.object as Node;
    // `(a.b).toString = f` and the like keep their form: the parentheses would not match.
    if (object.type === "Super" || object.start !== node.start) continue;
    // `target[key] = …` inside `for (key in source)`: copying every key of a prototype or a
    // mixin (ECharts mocks a class's methods that way) reaches `constructor` sooner or later.
    const property = left.property as Node;
    if (left.computed && property.type === "Identifier" && loopKeys.has(property.name as string)) {
      out.prependRight(node.start, `${HELPER}(`);
      out.overwrite(object.end, property.start, ", ");
      // Up to and with the `=`: what follows it (a parenthesis around the value) stays.
      out.overwrite(property.end, code.indexOf("=", property.end) + 1, ", ");
      out.appendLeft(node.end, ")");
      rewritten += 1;
      continue;
    }
    const between = code.slice(object.end, right.start);
    const match = TARGET.exec(between);
    if (!match) continue;
    const name = match[1] ?? match[3];
    out.prependRight(node.start, `${HELPER}(`);
    out.overwrite(object.end, object.end + match[0].length, `, "${name}", `);
    out.appendLeft(node.end, ")");
    rewritten += 1;
  }
  if (rewritten === 0) return null;
  out.append(HELPER_SOURCE);
  return { code: out.toString(), map: out.generateMap({ hires: true }) };
}

/** The Vite plugin: applies `rewriteOverrides` to every script module of the build. */
export function overrideSafeAssignments(): Plugin {
  return {
    name: "qbox-override-safe-assignments",
    apply: "build",
    transform(code, id) {
      if (!/\.[cm]?[jt]sx?$/.test(id.split("?")[0] ?? "")) return null;
      return rewriteOverrides(code, (source) => this.parse(source));
    },
  };
}
