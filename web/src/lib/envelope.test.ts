// The browser's envelope against wallet/'s: the shared vector (tests/vectors/web-wallet-v1.json,
// checked by tests/wallet/test_web_vectors.py on the Python side) and a live round trip in
// which Python opens what WebCrypto sealed.
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { bytesToHex, hexToBytes, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";

import { EnvelopeError, importPrivateKey, open, publicKeyOf, recipientKey, unsafeSealWithFixedRandomness } from "./envelope";
import { deriveShippingKey, derivePrivateBytes, shippingKeyTypedData } from "./sellerKey";
import { openShipping, sealShipping, shippingBytes, shippingProblems, type ShippingDetails } from "./shipping";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const vectors = JSON.parse(readFileSync(resolve(ROOT, "tests/vectors/web-wallet-v1.json"), "utf8"));
const v = vectors.envelope_v1;
const hex = (text: string) => hexToBytes(`0x${text}` as Hex);

describe("shipping envelope v1", () => {
  it("pads the details exactly as wallet/shipping_details.py writes them", () => {
    expect(bytesToHex(shippingBytes(v.details))).toBe(`0x${v.plaintext}`);
  });

  it("seals to the same bytes as Python given the same ephemeral key and nonce", async () => {
    const envelope = await unsafeSealWithFixedRandomness(hex(v.recipient_public), hex(v.plaintext), hex(v.ephemeral_private), hex(v.nonce));
    expect(bytesToHex(envelope)).toBe(`0x${v.envelope}`);
  });

  it("opens the envelope Python sealed", async () => {
    const key = await importPrivateKey(hex(v.recipient_private));
    expect(bytesToHex(await publicKeyOf(key))).toBe(`0x${v.recipient_public}`);
    expect(await openShipping(key, hex(v.envelope))).toEqual(v.details);
  });

  it("refuses a modified envelope with a sentence", async () => {
    const key = await importPrivateKey(hex(v.recipient_private));
    const tampered = hex(v.envelope);
    tampered[tampered.length - 1]! ^= 1;
    await expect(open(key, tampered)).rejects.toThrow(/modified, or sealed to another key/);
  });

  it("refuses a seller who never published a key", () => {
    expect(() => recipientKey(`0x${"00".repeat(32)}`)).toThrow(EnvelopeError);
  });

  const python = resolve(ROOT, ".venv/bin/python");
  it.skipIf(!existsSync(python))("is opened by wallet/ in Python when sealed here with fresh randomness", async () => {
    const details: ShippingDetails = { name: "Grace Hopper", street: "1 Navy Way\nBuilding 2", city: "Arlington", country: "US", phone: "+1 555 0100" };
    const sealed = await sealShipping(details, hex(v.recipient_public));
    const script = [
      "import json, sys",
      "from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey",
      "from wallet.shipping import shipping_ref",
      "from wallet.shipping_details import open_shipping_details",
      "data = json.load(sys.stdin)",
      "key = X25519PrivateKey.from_private_bytes(bytes.fromhex(data['key']))",
      "envelope = bytes.fromhex(data['envelope'])",
      "opened = open_shipping_details(key, envelope)",
      "print(json.dumps({'ref': shipping_ref(envelope), 'details': {k: v for k, v in vars(opened).items() if v}}))",
    ].join("\n");
    const run = spawnSync(python, ["-c", script], {
      cwd: ROOT,
      env: { ...process.env, PYTHONPATH: ROOT },
      input: JSON.stringify({ key: v.recipient_private, envelope: bytesToHex(sealed.envelope).slice(2) }),
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const answer = JSON.parse(run.stdout);
    expect(answer.details).toEqual(details);
    expect(answer.ref).toBe(sealed.shippingRef);
  });
});

describe("shipping details rules (wallet/shipping_details.py)", () => {
  it("needs name, street, city and country", () => {
    expect(shippingProblems({ name: " ", street: "x", city: "y", country: "" })).toEqual(["Please fill in name, country."]);
  });
  it("counts code points, not UTF-16 units", () => {
    expect(shippingProblems({ name: "🚲".repeat(256), street: "x", city: "y", country: "z" })).toEqual([]);
    expect(shippingProblems({ name: "🚲".repeat(257), street: "x", city: "y", country: "z" })).toEqual(["name is longer than 256 characters."]);
  });
  it("allows a line feed only in street and notes, and never a tab", () => {
    expect(shippingProblems({ name: "a", street: "1\n2", city: "c", country: "d", notes: "x\ny" })).toEqual([]);
    expect(shippingProblems({ name: "a\nb", street: "1\t2", city: "c", country: "d" })).toEqual([
      "name contains control characters.",
      "street contains control characters.",
    ]);
  });
});

describe("the seller's shipping key", () => {
  const k = vectors.shipping_key;
  it("is derived from the same signature and to the same key as wallet/derived_keys.py", async () => {
    const account = privateKeyToAccount(`0x${k.account_private_key}` as Hex);
    expect(account.address).toBe(k.account);
    const signature = await account.signTypedData(shippingKeyTypedData(account.address));
    expect(signature).toBe(`0x${k.signature}`);
    expect(bytesToHex(await derivePrivateBytes(account.address, signature))).toBe(`0x${k.private}`);
    expect((await deriveShippingKey(account.address, signature)).publicKey).toBe(`0x${k.public}`);
  });
  it("signs the message wallet/ signs", () => {
    const typed = shippingKeyTypedData(k.account);
    expect(typed.message.purpose).toBe(k.typed_data.message.purpose);
    expect(typed.domain).toEqual(k.typed_data.domain);
  });
});
