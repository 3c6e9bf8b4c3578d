import vm from "node:vm";
import { parseAst } from "rollup/parseAst";
import { describe, expect, it } from "vitest";
import { rewriteOverrides } from "./override-safe-assignments";

/** Runs strict code in a fresh realm whose `Object.prototype` is frozen, as in the webview. */
function runFrozen(code: string): unknown {
  const sandbox: { result: unknown } = { result: undefined };
  vm.runInNewContext(`"use strict"; Object.freeze(Object.prototype);\n${code}`, sandbox);
  return JSON.parse(JSON.stringify(sandbox.result ?? null));
}

function rewritten(code: string): string {
  const out = rewriteOverrides(code, (source) => parseAst(source));
  if (!out) throw new Error("nothing was rewritten");
  return out.code;
}

const BIGNUM_LIKE = `
  function BigNum() {}
  BigNum.prototype.valueOf = function () { return 42; };
  BigNum.prototype.toString = function () { return "big"; };
  result = [new BigNum() + 0, String(new BigNum()), Object.keys(BigNum.prototype)];
`;

describe("assignments that a frozen Object.prototype would refuse", () => {
  it("throw as written, and define the object's own property once rewritten", () => {
    expect(() => runFrozen(BIGNUM_LIKE)).toThrow(/read only property 'valueOf'/);
    expect(runFrozen(rewritten(BIGNUM_LIKE))).toEqual([42, "big", ["valueOf", "toString"]]);
  });

  it("cover a constructor set on a fresh prototype object, as ECharts' scheduler does", () => {
    const code = `
      function Task() {}
      function mock(Host) { var proto = {}; proto.constructor = Host; return proto; }
      var proto = mock(Task);
      result = [proto.constructor === Task, Object.prototype.constructor === Object];
    `;
    expect(() => runFrozen(code)).toThrow(/read only property 'constructor'/);
    expect(runFrozen(rewritten(code))).toEqual([true, true]);
  });

  it("keep chained, computed and parenthesised forms and the assignment's value", () => {
    const code = `
      var a = {}, b = {}, f = function () { return 7; };
      a.toString = b["valueOf"] = (f);
      var same = (a.toLocaleString = f) === f;
      result = [a.toString(), b.valueOf(), a.toLocaleString(), same];
    `;
    expect(runFrozen(rewritten(code))).toEqual([7, 7, 7, true]);
  });

  it("leave an object's own property with its attributes, and an inherited setter in charge", () => {
    const code = `
      function F() {}
      F.prototype.constructor = F;
      var calls = 0;
      var base = Object.create(Object.prototype, {
        toString: { get: function () { return function () { return "base"; }; },
                    set: function () { calls += 1; } },
      });
      var child = Object.create(base);
      child.toString = function () { return "child"; };
      result = [
        Object.getOwnPropertyDescriptor(F.prototype, "constructor").enumerable,
        calls,
        Object.prototype.hasOwnProperty.call(child, "toString"),
      ];
    `;
    expect(runFrozen(rewritten(code))).toEqual([false, 1, false]);
  });

  it("never change the frozen prototype itself", () => {
    const code = `
      var o = {};
      o.toString = function () { return "mine"; };
      result = [String(o), Object.isFrozen(Object.prototype), String({})];
    `;
    expect(runFrozen(rewritten(code))).toEqual(["mine", true, "[object Object]"]);
  });

  it("cover Object.assign of a source holding such a name, as Apache Arrow's BigNum mixins do", () => {
    const code = `
      function Mixin() {}
      Object.defineProperty(Mixin.prototype, "valueOf", {
        value: function () { return 42; }, enumerable: true, writable: true, configurable: true,
      });
      function Big() {}
      Object.setPrototypeOf(Big.prototype, Object.create(Int32Array.prototype));
      var sym = Symbol("s");
      var src = { constructor: Big, signed: true };
      src[sym] = 1;
      var out = Object.assign(Big.prototype, Mixin.prototype, src, null);
      result = [out === Big.prototype, Big.prototype.constructor === Big, Big.prototype.signed, Big.prototype[sym],
                Big.prototype.valueOf(), Object.isFrozen(Object.prototype)];
    `;
    expect(() => runFrozen(code)).toThrow(/read only property 'valueOf'/);
    expect(runFrozen(rewritten(code))).toEqual([true, true, true, 1, 42, true]);
  });

  it("cover a for-in loop that copies every key of a prototype, as ECharts mocks a class", () => {
    const code = `
      function Clz() {}
      function __() { this.constructor = Clz; }
      Clz.prototype = new __();
      Clz.prototype.run = function () { return 1; };
      var mock = {};
      for (var name in Clz.prototype) mock[name] = function () { return "noop"; };
      var copy = {};
      for (const key in { toString: 1, plain: 2 }) { copy[key] = (key); }
      result = [mock.run(), mock.constructor(), copy.plain, Object.keys(copy)];
    `;
    expect(() => runFrozen(code)).toThrow(/read only property/);
    expect(runFrozen(rewritten(code))).toEqual(["noop", "noop", "plain", ["toString", "plain"]]);
  });

  it("leave code without such assignments untouched", () => {
    const parse = (source: string) => parseAst(source);
    expect(rewriteOverrides("var toString = 1; x.toStringy = 2; if (a.valueOf == b) {}", parse)).toBeNull();
    expect(rewriteOverrides("class A { toString() { return 'a'; } }", parse)).toBeNull();
  });
});
