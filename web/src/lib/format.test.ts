import { describe, expect, it } from "vitest";

import { formatAmount, formatDuration, formatPrice, shortAddress, timeAgo } from "./format";

describe("amounts", () => {
  it("shows wei as ether exactly, without floats", () => {
    expect(formatAmount(420000000000000000n, 18)).toBe("0.42");
    expect(formatAmount("1000000000000000000", 18)).toBe("1");
    expect(formatAmount(123456789012345678000000000000n, 18)).toBe("123,456,789,012.345678");
    expect(formatAmount(123456789012345678901234567890n, 18)).toBe("~123,456,789,012.345678");
  });
  it("marks an amount cut to the shown digits", () => {
    expect(formatAmount(1n, 18)).toBe("~0");
    expect(formatAmount(1234567n, 6, 2)).toBe("~1.23");
  });
  it("handles six-decimal tokens and zero", () => {
    expect(formatPrice(12500000n, { symbol: "TUSD", decimals: 6 })).toBe("12.5 TUSD");
    expect(formatAmount(0n, 6)).toBe("0");
  });
  it("keeps precision past 2^53", () => {
    expect(formatAmount("9007199254740993", 0)).toBe("9,007,199,254,740,993");
  });
});

describe("words", () => {
  it("shortens addresses", () => {
    expect(shortAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe("0x7099…79C8");
  });
  it("says durations and ages", () => {
    expect(formatDuration(3 * 86400)).toBe("3 days");
    expect(formatDuration(86400)).toBe("1 day");
    expect(formatDuration(7200)).toBe("2 h");
    expect(timeAgo(1000, 1030)).toBe("just now");
    expect(timeAgo(0, 7200)).toBe("2 h ago");
  });
});
