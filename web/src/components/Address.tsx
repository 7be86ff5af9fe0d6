import { shortAddress } from "../lib/format";

export function AddressText({ address }: { address: string }) {
  return (
    <span className="address" title={address}>
      {shortAddress(address)}
    </span>
  );
}
