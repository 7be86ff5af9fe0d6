// The listing form against the API's metadata schema: the shared cases in
// tests/vectors/listing-metadata-v1.json are checked here (what the form builds or refuses)
// and by tests/api/test_listing_form_vectors.py (that the API accepts and refuses the same).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { buildMetadata, buildTerms, canonicalNumber, type ListingDraft } from "./listingForm";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
type Case = { name: string; draft: ListingDraft; document?: unknown; problem?: string };
const vectors = JSON.parse(readFileSync(resolve(ROOT, "tests/vectors/listing-metadata-v1.json"), "utf8")) as { cases: Case[] };

describe("listing metadata from the form", () => {
  for (const c of vectors.cases) {
    it(c.name, () => {
      const built = buildMetadata(c.draft);
      if (c.document) expect(built).toEqual({ document: c.document });
      else expect("problems" in built && Object.keys(built.problems)).toEqual([c.problem]);
    });
  }

  it("writes measured decimals in the API's one canonical form", () => {
    expect(canonicalNumber("8.50")).toBe("8.5");
    expect(canonicalNumber("007.250")).toBe("7.25");
    expect(canonicalNumber("-0.10")).toBe("-0.1");
    expect(canonicalNumber("3.000")).toBe(3);
    expect(canonicalNumber("1e3")).toBeNull();
    expect(canonicalNumber("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("listing terms from the form", () => {
  const terms = { price: "0.25", decimals: 18, stock: "3", escrow: true, handlingHours: "48", autoReleaseDays: "14" };

  it("converts to the contract's units", () => {
    expect(buildTerms(terms)).toEqual({
      terms: { price: 250_000_000_000_000_000n, stock: 3, escrow: true, handlingTime: 48 * 3600, autoReleaseWindow: 14 * 86400 },
    });
    expect(buildTerms({ ...terms, escrow: false })).toMatchObject({ terms: { handlingTime: 0, autoReleaseWindow: 0 } });
  });

  it("refuses what the contract would revert", () => {
    const problems = (draft: typeof terms) => {
      const built = buildTerms(draft);
      return "problems" in built ? Object.keys(built.problems) : [];
    };
    expect(problems({ ...terms, price: "0" })).toEqual(["price"]);
    expect(problems({ ...terms, price: "abc" })).toEqual(["price"]);
    expect(problems({ ...terms, price: "80000000000" })).toEqual(["price"]); // > 2^96 wei
    expect(problems({ ...terms, stock: "-1" })).toEqual(["stock"]);
    expect(problems({ ...terms, stock: "1.5" })).toEqual(["stock"]);
    expect(problems({ ...terms, handlingHours: "0" })).toEqual(["handlingHours"]);
    expect(problems({ ...terms, autoReleaseDays: "181" })).toEqual(["autoReleaseDays"]);
    expect(problems({ ...terms, escrow: false, handlingHours: "0" })).toEqual([]);
  });
});
