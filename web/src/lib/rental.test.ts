import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeErrorResult } from "viem";
import { describe, expect, it } from "vitest";

import { rentalEscrowAbi } from "./abi/generated";
import { decodeRevertData } from "./errors";
import { bookingCost, bookingTermsHash, hashTerms, rentalTuple, termsOf } from "./rental";
import type { Rental, RentalListing } from "./rentalsApi";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

const listing: RentalListing = {
  listing_id: 3,
  lender: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  token: "0x0000000000000000000000000000000000000000",
  daily_rate: "10000000000000000",
  deposit: "50000000000000000",
  late_fee_per_day: "2000000000000000",
  min_days: 2,
  max_days: 14,
  grace_period: 3600,
  handover_window: 86400,
  inspection_window: 259200,
  fee_bps: 250,
  metadata_hash: `0x${"00".repeat(32)}`,
  status: "active",
  rental_count: 0,
  created_at: 1,
  terms_hash: "",
};

/** The API's `terms_hash`: chain/rentals/types.py's RentalTerms.commitment() of the same terms. */
function pythonCommitments(listings: RentalListing[]): string[] {
  const script = [
    "import json, sys",
    "from chain.rentals.types import RentalTerms",
    "for d in json.load(sys.stdin):",
    "  print(RentalTerms(token=d['token'], daily_rate=int(d['daily_rate']), deposit=int(d['deposit']),",
    "    late_fee_per_day=int(d['late_fee_per_day']), min_days=d['min_days'], max_days=d['max_days'],",
    "    grace_period=d['grace_period'], handover_window=d['handover_window'],",
    "    inspection_window=d['inspection_window']).commitment())",
  ].join("\n");
  const run = spawnSync(resolve(ROOT, ".venv/bin/python"), ["-c", script], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: ROOT },
    input: JSON.stringify(listings),
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  return run.stdout.trim().split("\n");
}

describe("rental terms hash (RentalEscrow.hashTerms, the API's terms_hash)", () => {
  const python = resolve(ROOT, ".venv/bin/python");
  it.skipIf(!existsSync(python))("equals the Python commitment the API publishes, for ETH and token terms", () => {
    const token = { ...listing, token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", daily_rate: "1500000", deposit: "0", min_days: 1 };
    const both = [listing, token];
    const python = pythonCommitments(both);
    both.forEach((l, i) => {
      const hash = hashTerms(termsOf(l));
      expect(hash).toBe(python[i]);
      expect(bookingTermsHash({ ...l, terms_hash: hash.toUpperCase().replace("0X", "0x") })).toBe(hash);
    });
  }, 60_000);
  it("changes with every term, so a lender's edit is caught", () => {
    const base = hashTerms(termsOf(listing));
    expect(hashTerms(termsOf({ ...listing, late_fee_per_day: "2000000000000001" }))).not.toBe(base);
    expect(hashTerms(termsOf({ ...listing, inspection_window: 259201 }))).not.toBe(base);
  });
  it("refuses terms that do not hash to the API's terms_hash", () => {
    expect(() => bookingTermsHash({ ...listing, terms_hash: `0x${"11".repeat(32)}` })).toThrow(/do not match/);
  });
  it("prices a booking as rent for every day plus the deposit", () => {
    expect(bookingCost(listing, 3)).toEqual({ rent: 3n * 10n ** 16n, deposit: 5n * 10n ** 16n, total: 8n * 10n ** 16n });
  });
});

describe("the Rental struct rebuilt from the API", () => {
  const rental: Rental = {
    rental_id: String((3n << 32n) | 1n),
    listing_id: 3,
    lender: listing.lender,
    renter: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    token: listing.token,
    daily_rate: listing.daily_rate,
    deposit: listing.deposit,
    late_fee_per_day: listing.late_fee_per_day,
    fee_bps: 250,
    rental_days: 3,
    min_days: 2,
    grace_period: 3600,
    handover_window: 86400,
    inspection_window: 259200,
    rent: "30000000000000000",
    status: "returned",
    paid_days: 3,
    late_fee: "0",
    claim: "0",
    lender_amount: "0",
    fee: "0",
    rent_refund: "0",
    cancel_refund: "0",
    deposit_returned: "0",
    damages: "0",
    booked_at: 100,
    started_at: 200,
    ends_at: 200 + 3 * 86400,
    returned_at: 300,
    claimed_at: null,
    disputed_at: null,
    closed_at: null,
  };
  it("puts the status as the enum's index and absent times as zero", () => {
    const tuple = rentalTuple(rental);
    expect(tuple.status).toBe(3);
    expect(tuple.id).toBe((3n << 32n) | 1n);
    expect(tuple.claimedAt).toBe(0);
    expect(tuple.returnedAt).toBe(300);
    expect(rentalTuple({ ...rental, status: "lost" }).status).toBe(9);
  });
  it("decodes the escrow's reverts", () => {
    const data = encodeErrorResult({ abi: rentalEscrowAbi, errorName: "RentalEscrowDaysOutOfRange", args: [20n, 2n, 14n] });
    expect(decodeRevertData(data)).toEqual({ name: "RentalEscrowDaysOutOfRange", args: [20n, 2n, 14n] });
  });
});
