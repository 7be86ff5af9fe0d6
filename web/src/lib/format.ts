// Amounts are uint256 decimal strings from the API (JavaScript numbers lose precision past
// 2^53), shown exactly: no float ever touches a price.
export const ETH = "0x0000000000000000000000000000000000000000";

export type TokenInfo = { symbol: string; decimals: number };
export const ETHER: TokenInfo = { symbol: "ETH", decimals: 18 };

/** `formatAmount(1500000000000000000n, 18)` is "1.5"; trailing zeros go, up to `maxFraction` digits stay. */
export function formatAmount(amount: bigint | string, decimals: number, maxFraction = 6): string {
  const value = typeof amount === "string" ? BigInt(amount) : amount;
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  let fraction = (abs % base).toString().padStart(decimals, "0").slice(0, maxFraction);
  const truncated = (abs % base).toString().padStart(decimals, "0").slice(maxFraction).replace(/0+$/, "") !== "";
  fraction = fraction.replace(/0+$/, "");
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = fraction ? `${wholeText}.${fraction}` : wholeText;
  return `${negative ? "-" : ""}${truncated ? "~" : ""}${text}`;
}

/** "0.25 ETH", "12.5 TUSD". */
export function formatPrice(amount: bigint | string, token: TokenInfo): string {
  return `${formatAmount(amount, token.decimals)} ${token.symbol}`;
}

/** "0x7099…79C8". */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** A past moment relative to `now` (both in seconds): "just now", "5 min ago", "3 h ago", "2 days ago". */
export function timeAgo(timestamp: number, now: number = Date.now() / 1000): string {
  const seconds = Math.max(0, Math.floor(now - timestamp));
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86400);
  return `${days} day${days === 1 ? "" : "s"} ago`;
}

/** A duration in seconds as "3 days", "12 h", "45 min". */
export function formatDuration(seconds: number): string {
  if (seconds >= 86400 && seconds % 3600 === 0) {
    const days = seconds / 86400;
    return Number.isInteger(days) ? `${days} day${days === 1 ? "" : "s"}` : `${seconds / 3600} h`;
  }
  if (seconds >= 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 60)} min`;
}
