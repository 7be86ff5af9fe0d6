// Shipping details sealed to the seller's published X25519 key with WebCrypto, byte for byte
// the envelope of wallet/shipping.py (format v1), so Python opens what the browser seals and
// the browser opens what Python seals (src/lib/envelope.test.ts checks both directions):
//
//   ephemeral = X25519 key pair, fresh per envelope
//   shared    = X25519(ephemeral.private, recipient_public)
//   key       = HKDF-SHA256(ikm=shared, salt=ephemeral.public || recipient_public,
//                           info="bazaar-shipping-v1", length=32)
//   nonce     = 12 random bytes
//   envelope  = 0x01 || ephemeral.public (32) || nonce (12) || AES-256-GCM(key, nonce, plaintext)
//   shippingRef = keccak256(envelope)
import { bytesToHex, hexToBytes, keccak256, type Hex } from "viem";

export const ENVELOPE_VERSION = 0x01;
const HKDF_INFO = new TextEncoder().encode("bazaar-shipping-v1");
const KEY_SIZE = 32;
const NONCE_SIZE = 12;
const TAG_SIZE = 16;
const HEADER_SIZE = 1 + KEY_SIZE + NONCE_SIZE;
const MAX_PLAINTEXT = 16_384;
// PKCS#8 wrapping of a raw X25519 private key (RFC 8410): WebCrypto imports no raw private keys.
const PKCS8_X25519_PREFIX = hexToBytes("0x302e020100300506032b656e04220420");

export class EnvelopeError extends Error {}

const subtle = (): SubtleCrypto => {
  if (!globalThis.crypto?.subtle) {
    throw new EnvelopeError("This browser has no WebCrypto (it needs a secure context: https or localhost).");
  }
  return globalThis.crypto.subtle;
};

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function buffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** The recipient key from a bytes32 read on chain (`encryptionKeyOf`). */
export function recipientKey(key: Hex): Uint8Array {
  const raw = hexToBytes(key);
  if (raw.length !== KEY_SIZE) throw new EnvelopeError(`An X25519 public key is 32 bytes, this one is ${raw.length}.`);
  if (raw.every((b) => b === 0)) {
    throw new EnvelopeError(
      "This seller has not published a shipping key yet, so your address cannot be sent privately. Ask them to open their seller workspace once.",
    );
  }
  return raw;
}

/** An X25519 private CryptoKey from 32 raw bytes (clamped by X25519 itself, as in Python). */
export async function importPrivateKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== KEY_SIZE) throw new EnvelopeError("An X25519 private key is 32 bytes.");
  return subtle().importKey("pkcs8", concat(PKCS8_X25519_PREFIX, raw), { name: "X25519" }, true, ["deriveBits"]);
}

/** The raw 32-byte public key of an X25519 private CryptoKey. */
export async function publicKeyOf(privateKey: CryptoKey): Promise<Uint8Array> {
  const jwk = await subtle().exportKey("jwk", privateKey);
  if (!jwk.x) throw new EnvelopeError("The browser did not export the public half of the key.");
  return base64UrlDecode(jwk.x);
}

function base64UrlDecode(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

async function aesKey(privateKey: CryptoKey, peerPublic: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  const peer = await subtle().importKey("raw", buffer(peerPublic), { name: "X25519" }, false, []);
  let shared: ArrayBuffer;
  try {
    shared = await subtle().deriveBits({ name: "X25519", public: peer }, privateKey, 256);
  } catch {
    throw new EnvelopeError("The seller's published key is not a usable X25519 key; ask them to publish a new one.");
  }
  if (new Uint8Array(shared).every((b) => b === 0)) {
    throw new EnvelopeError("The seller's published key is not a usable X25519 key; ask them to publish a new one.");
  }
  const ikm = await subtle().importKey("raw", shared, "HKDF", false, ["deriveBits"]);
  const bits = await subtle().deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: concat(ephemeralPublic, recipientPublic), info: HKDF_INFO },
    ikm,
    256,
  );
  return subtle().importKey("raw", bits, { name: "AES-GCM" }, false, [usage]);
}

/**
 * The envelope with a caller-chosen ephemeral key and nonce: for test vectors only.
 * Reusing an ephemeral key or a nonce for two messages breaks confidentiality.
 */
export async function unsafeSealWithFixedRandomness(
  recipientPublic: Uint8Array,
  plaintext: Uint8Array,
  ephemeralPrivate: Uint8Array,
  nonce: Uint8Array,
): Promise<Uint8Array> {
  if (nonce.length !== NONCE_SIZE) throw new EnvelopeError("The nonce is 12 bytes.");
  if (plaintext.length > MAX_PLAINTEXT) throw new EnvelopeError("Shipping details are limited to 16 KiB.");
  const ephemeral = await importPrivateKey(ephemeralPrivate);
  const ephemeralPublic = await publicKeyOf(ephemeral);
  const key = await aesKey(ephemeral, recipientPublic, ephemeralPublic, recipientPublic, "encrypt");
  const sealed = await subtle().encrypt({ name: "AES-GCM", iv: buffer(nonce) }, key, buffer(plaintext));
  return concat(Uint8Array.of(ENVELOPE_VERSION), ephemeralPublic, nonce, new Uint8Array(sealed));
}

/** Encrypt `plaintext` to `recipientPublic` (32 raw bytes): the v1 envelope. */
export async function seal(recipientPublic: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const ephemeral = crypto.getRandomValues(new Uint8Array(KEY_SIZE));
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_SIZE));
  return unsafeSealWithFixedRandomness(recipientPublic, plaintext, ephemeral, nonce);
}

/** Open a v1 envelope with the recipient's private key. */
export async function open(privateKey: CryptoKey, envelope: Uint8Array): Promise<Uint8Array> {
  if (envelope.length < HEADER_SIZE + TAG_SIZE) {
    throw new EnvelopeError(`These shipping details are ${envelope.length} bytes, too short: they were truncated.`);
  }
  if (envelope[0] !== ENVELOPE_VERSION) {
    throw new EnvelopeError(`These shipping details use envelope version ${envelope[0]}; this storefront reads version 1.`);
  }
  const ephemeralPublic = envelope.slice(1, 1 + KEY_SIZE);
  const nonce = envelope.slice(1 + KEY_SIZE, HEADER_SIZE);
  const recipientPublic = await publicKeyOf(privateKey);
  try {
    const key = await aesKey(privateKey, ephemeralPublic, ephemeralPublic, recipientPublic, "decrypt");
    return new Uint8Array(await subtle().decrypt({ name: "AES-GCM", iv: nonce }, key, envelope.slice(HEADER_SIZE)));
  } catch {
    throw new EnvelopeError(
      "These shipping details cannot be opened: they were modified, or sealed to another key than the one you published.",
    );
  }
}

export function shippingRef(envelope: Uint8Array): Hex {
  return keccak256(envelope);
}

export { bytesToHex, hexToBytes };
