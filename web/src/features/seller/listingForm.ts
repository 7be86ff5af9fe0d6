// The listing form's rules: what the seller typed, checked against the limits the API's
// metadata schema enforces (api/models/documents.py, docs/api.md "Content-addressed
// documents") and the contract's (price above 0 in uint96, stock in uint32, escrow windows),
// then built into the metadata document and the createListing arguments. Pure: no wallet,
// no fetch, so it is tested on its own (listingForm.test.ts).
import { parseUnits } from "viem";

import type { ListingMetadata, SpecValue } from "../../lib/api";

export const CONDITIONS = ["new", "like_new", "used", "refurbished", "for_parts"] as const;
export const UNITS = ["g", "mm", "ml", "B", "Hz", "W", "Wh", "mAh", "V", "s", "px", "%"] as const;

const SLUG = /^[a-z][a-z0-9_]{0,39}$/;
const CATEGORY = /^[a-z0-9-]{1,32}(\/[a-z0-9-]{1,32}){0,3}$/;
const IMAGE_URL = /^(https:\/\/|ipfs:\/\/)[^\s]{1,490}$/;
const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const DECIMAL = /^-?[0-9]+\.[0-9]+$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER); // the API accepts integers up to 2^53-1
const MAX_UINT96 = (1n << 96n) - 1n;
const MAX_UINT32 = 2 ** 32 - 1;
const MAX_WINDOW = 180 * 24 * 3600; // MarketplaceBase.MAX_WINDOW
const MIN_AUTO_RELEASE = 3600; // MarketplaceBase.MIN_AUTO_RELEASE

export type SpecRow = { name: string; value: string; unit: string };

export type ListingDraft = {
  title: string;
  description: string;
  category: string;
  condition: string;
  brand: string;
  model: string;
  images: string; // one URL per line
  specs: SpecRow[];
};

export type TermsDraft = {
  price: string; // in whole units of the payment token (ETH: ether)
  decimals: number;
  stock: string;
  escrow: boolean;
  handlingHours: string;
  autoReleaseDays: string;
};

export type Problems = Record<string, string>;

export const EMPTY_DRAFT: ListingDraft = {
  title: "",
  description: "",
  category: "",
  condition: "new",
  brand: "",
  model: "",
  images: "",
  specs: [],
};

const codePoints = (text: string) => [...text].length;

/** A measured value in its canonical form: an integer, or a decimal string without trailing zeros. */
export function canonicalNumber(text: string): number | string | null {
  const trimmed = text.trim();
  if (INTEGER.test(trimmed)) {
    const big = BigInt(trimmed);
    return big > MAX_SAFE || big < -MAX_SAFE ? null : Number(big);
  }
  if (!DECIMAL.test(trimmed)) return null;
  const negative = trimmed.startsWith("-");
  const [whole = "", fraction = ""] = trimmed.replace(/^-/, "").split(".");
  const cleanWhole = whole.replace(/^0+(?=\d)/, "");
  const cleanFraction = fraction.replace(/0+$/, "");
  if (!cleanFraction) return canonicalNumber(`${negative ? "-" : ""}${cleanWhole}`);
  return `${negative ? "-" : ""}${cleanWhole}.${cleanFraction}`;
}

function specValue(row: SpecRow): SpecValue | string {
  const raw = row.value.trim();
  if (!raw) return "give a value";
  if (row.unit) {
    const number = canonicalNumber(raw);
    if (number === null) return `a value in ${row.unit} must be a number such as 198 or 8.5`;
    return { value: number, unit: row.unit };
  }
  if (codePoints(raw) > 100) return "at most 100 characters";
  if (raw === "true" || raw === "false") return { value: raw === "true" };
  if (INTEGER.test(raw) && canonicalNumber(raw) !== null) return { value: Number(raw) };
  return { value: raw };
}

/** The metadata document of a draft, or the problems keyed by field (`spec.0` for a spec row). */
export function buildMetadata(draft: ListingDraft): { document: ListingMetadata } | { problems: Problems } {
  const problems: Problems = {};
  const title = draft.title.trim();
  if (!title) problems.title = "Give the listing a title.";
  else if (codePoints(title) > 140) problems.title = "At most 140 characters.";
  if (codePoints(draft.description) > 5000) problems.description = "At most 5,000 characters.";
  const category = draft.category.trim();
  if (!CATEGORY.test(category)) {
    problems.category = "Lower-case words with dashes, up to four levels separated by /, such as electronics/cameras.";
  }
  if (!(CONDITIONS as readonly string[]).includes(draft.condition)) problems.condition = "Choose a condition.";
  const brand = draft.brand.trim();
  const model = draft.model.trim();
  if (codePoints(brand) > 64) problems.brand = "At most 64 characters.";
  if (codePoints(model) > 64) problems.model = "At most 64 characters.";
  const images = draft.images
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (images.length > 10) problems.images = "At most 10 images.";
  const badImage = images.find((url) => !IMAGE_URL.test(url));
  if (badImage) problems.images = `${badImage.slice(0, 60)} is not an https:// or ipfs:// URL.`;
  const specs: Record<string, SpecValue> = {};
  const rows = draft.specs.filter((row) => row.name.trim() || row.value.trim());
  if (rows.length > 50) problems.specs = "At most 50 specs.";
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (!SLUG.test(name)) {
      problems[`spec.${index}`] = "Spec names are lower-case letters, digits and _, starting with a letter (weight, battery_life).";
      return;
    }
    if (name in specs) {
      problems[`spec.${index}`] = `${name} is listed twice.`;
      return;
    }
    if (row.unit && !(UNITS as readonly string[]).includes(row.unit)) {
      problems[`spec.${index}`] = `${row.unit} is not one of the base units.`;
      return;
    }
    const value = specValue(row);
    if (typeof value === "string") problems[`spec.${index}`] = `${name}: ${value}.`;
    else specs[name] = value;
  });
  if (Object.keys(problems).length) return { problems };
  const document: ListingMetadata = { kind: "listing", version: 1, title, description: draft.description, category, condition: draft.condition };
  if (brand) document.brand = brand;
  if (model) document.model = model;
  if (images.length) document.images = images;
  if (rows.length) document.specs = specs;
  return { document };
}

/** The metadata document of a listing back as a draft, to edit it. */
export function draftOf(document: ListingMetadata): ListingDraft {
  return {
    title: document.title,
    description: document.description,
    category: document.category,
    condition: document.condition,
    brand: document.brand ?? "",
    model: document.model ?? "",
    images: (document.images ?? []).join("\n"),
    specs: Object.entries(document.specs ?? {}).map(([name, spec]) => ({ name, value: String(spec.value), unit: spec.unit ?? "" })),
  };
}

export type Terms = { price: bigint; stock: number; escrow: boolean; handlingTime: number; autoReleaseWindow: number };

/** The on-chain terms of a draft, in the contract's units, or the problems keyed by field. */
export function buildTerms(draft: TermsDraft): { terms: Terms } | { problems: Problems } {
  const problems: Problems = {};
  let price = 0n;
  try {
    price = parseUnits(draft.price.trim(), draft.decimals);
  } catch {
    problems.price = "Write the price as a number, such as 0.25.";
  }
  if (!problems.price && price <= 0n) problems.price = "Set a price above zero.";
  if (price > MAX_UINT96) problems.price = "That price is more than the marketplace can hold (2^96 base units).";
  const stock = Number(draft.stock.trim());
  if (!Number.isInteger(stock) || stock < 0 || stock > MAX_UINT32) problems.stock = "Stock is a whole number from 0.";
  const handlingTime = Math.round(Number(draft.handlingHours) * 3600);
  const autoReleaseWindow = Math.round(Number(draft.autoReleaseDays) * 86400);
  if (draft.escrow) {
    if (!Number.isFinite(handlingTime) || handlingTime < 1 || handlingTime > MAX_WINDOW) {
      problems.handlingHours = "Ship within more than 0 and at most 4,320 hours (180 days).";
    }
    if (!Number.isFinite(autoReleaseWindow) || autoReleaseWindow < MIN_AUTO_RELEASE || autoReleaseWindow > MAX_WINDOW) {
      problems.autoReleaseDays = "The buyer has from 1 hour to 180 days to confirm.";
    }
  }
  if (Object.keys(problems).length) return { problems };
  return {
    terms: {
      price,
      stock,
      escrow: draft.escrow,
      handlingTime: draft.escrow ? handlingTime : 0,
      autoReleaseWindow: draft.escrow ? autoReleaseWindow : 0,
    },
  };
}
