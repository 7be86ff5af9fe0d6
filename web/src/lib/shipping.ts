// Structured shipping details inside an envelope, exactly as wallet/shipping_details.py writes
// them: UTF-8 JSON with sorted keys, a "v": 1 field and Python's default separators (", " and
// ": "), empty optional fields left out, space-padded to a multiple of 256 bytes so the
// envelope's length does not tell how long the address is.
import { seal, open, shippingRef, EnvelopeError } from "./envelope";
import type { Hex } from "viem";

export type ShippingDetails = {
  name: string;
  street: string;
  city: string;
  country: string;
  postal_code?: string;
  region?: string;
  phone?: string;
  email?: string;
  notes?: string;
};

export const SHIPPING_FIELDS = ["name", "street", "city", "country", "postal_code", "region", "phone", "email", "notes"] as const;
const REQUIRED = ["name", "street", "city", "country"] as const;
const PAD_TO = 256;
const MAX_FIELD = 256;
const MAX_NOTES = 1024;

/** The problems with `details` as sentences (empty: valid), the rules of ShippingDetails in Python. */
export function shippingProblems(details: ShippingDetails): string[] {
  const problems: string[] = [];
  for (const field of SHIPPING_FIELDS) {
    const value = details[field] ?? "";
    const limit = field === "notes" ? MAX_NOTES : MAX_FIELD;
    if ([...value].length > limit) problems.push(`${label(field)} is longer than ${limit} characters.`);
    const newlineAllowed = field === "street" || field === "notes";
    // eslint-disable-next-line no-control-regex
    const control = newlineAllowed ? /[\u0000-\u0009\u000b-\u001f]/ : /[\u0000-\u001f]/;
    if (control.test(value)) problems.push(`${label(field)} contains control characters.`);
    if (/\p{Surrogate}/u.test(value)) problems.push(`${label(field)} contains broken characters.`);
  }
  const missing = REQUIRED.filter((field) => !(details[field] ?? "").trim());
  if (missing.length) problems.push(`Please fill in ${missing.map(label).join(", ")}.`);
  return problems;
}

export function label(field: string): string {
  return field === "postal_code" ? "postal code" : field;
}

/** Python's `json.dumps(data, sort_keys=True, ensure_ascii=False)` for flat string/int objects. */
export function pythonJson(data: Record<string, string | number>): string {
  const keys = Object.keys(data).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(data[k])}`).join(", ")}}`;
}

export function shippingBytes(details: ShippingDetails): Uint8Array {
  const data: Record<string, string | number> = { v: 1 };
  for (const field of SHIPPING_FIELDS) {
    const value = details[field];
    if (value) data[field] = value;
  }
  const raw = new TextEncoder().encode(pythonJson(data));
  const padded = new Uint8Array(raw.length + ((PAD_TO - (raw.length % PAD_TO)) % PAD_TO)).fill(0x20);
  padded.set(raw);
  return padded;
}

export function parseShipping(raw: Uint8Array): ShippingDetails {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new EnvelopeError("The decrypted shipping details are not JSON.");
  }
  if (typeof data !== "object" || data === null || (data as { v?: unknown }).v !== 1) {
    throw new EnvelopeError("These shipping details are not format version 1; update the storefront.");
  }
  const fields: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  delete fields.v;
  const unknown = Object.keys(fields).filter((k) => !(SHIPPING_FIELDS as readonly string[]).includes(k));
  if (unknown.length) throw new EnvelopeError(`Unknown shipping fields: ${unknown.join(", ")}.`);
  const details = fields as ShippingDetails;
  const problems = shippingProblems(details);
  if (problems.length) throw new EnvelopeError(problems.join(" "));
  return details;
}

export type SealedShipping = { envelope: Uint8Array; shippingRef: Hex };

export async function sealShipping(details: ShippingDetails, sellerKey: Uint8Array): Promise<SealedShipping> {
  const problems = shippingProblems(details);
  if (problems.length) throw new EnvelopeError(problems.join(" "));
  const envelope = await seal(sellerKey, shippingBytes(details));
  return { envelope, shippingRef: shippingRef(envelope) };
}

export async function openShipping(privateKey: CryptoKey, envelope: Uint8Array): Promise<ShippingDetails> {
  return parseShipping(await open(privateKey, envelope));
}
