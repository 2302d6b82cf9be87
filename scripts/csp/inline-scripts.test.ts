import { describe, expect, it } from "vitest";
import { hashSource, inlineScripts } from "./inline-scripts";

describe("inlineScripts and hashSource", () => {
  it("hashes as the CSP specification's own example does", () => {
    // https://www.w3.org/TR/CSP3/#grammardef-hash-source: alert('Hello, world.'); → this digest.
    expect(hashSource("alert('Hello, world.');")).toBe("sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=");
  });

  it("takes inline scripts, with or without attributes, and leaves external ones", () => {
    const html =
      '<head><script src="/_next/static/chunks/a.js" async=""></script><script id="_R_">A()</script></head>' +
      '<body><script>(self.__next_f=self.__next_f||[]).push([0])</script><SCRIPT type="module">B()</SCRIPT >' +
      '<script noModule="" src="/p.js"></script><script data-src="x">C()</script><script></script></body>';
    expect(inlineScripts(html)).toEqual(["A()", "(self.__next_f=self.__next_f||[]).push([0])", "B()", "C()", ""]);
  });

  it("keeps a script's bytes as they are: entities and line breaks are part of the hash", () => {
    const [script] = inlineScripts('<script>self.__next_f.push([1,"a&amp;b\\n"])\n</script>');
    expect(script).toBe('self.__next_f.push([1,"a&amp;b\\n"])\n');
    expect(hashSource(script!)).not.toBe(hashSource('self.__next_f.push([1,"a&b\\n"])\n'));
  });
});
