import { label, SHIPPING_FIELDS, type ShippingDetails } from "../../lib/shipping";

const REQUIRED = new Set(["name", "street", "city", "country"]);
const AUTOCOMPLETE: Record<string, string> = {
  name: "name", street: "street-address", city: "address-level2", country: "country-name",
  postal_code: "postal-code", region: "address-level1", phone: "tel", email: "email", notes: "off",
};

export function ShippingForm({ value, onChange }: { value: ShippingDetails; onChange: (next: ShippingDetails) => void }) {
  return (
    <fieldset className="shipping">
      <legend>Ship to</legend>
      <p className="muted small">Sealed in this browser to the seller's key: only the seller can read it.</p>
      {SHIPPING_FIELDS.map((field) => {
        const id = `ship-${field}`;
        const multiline = field === "street" || field === "notes";
        const common = {
          id,
          name: field,
          value: value[field] ?? "",
          required: REQUIRED.has(field),
          autoComplete: AUTOCOMPLETE[field],
          maxLength: field === "notes" ? 1024 : 256,
        };
        return (
          <label key={field} htmlFor={id} className={multiline ? "field wide" : "field"}>
            <span>
              {label(field)}
              {REQUIRED.has(field) ? "" : " (optional)"}
            </span>
            {multiline ? (
              <textarea rows={field === "street" ? 2 : 2} {...common} onChange={(e) => onChange({ ...value, [field]: e.target.value })} />
            ) : (
              <input type={field === "email" ? "email" : "text"} {...common} onChange={(e) => onChange({ ...value, [field]: e.target.value })} />
            )}
          </label>
        );
      })}
    </fieldset>
  );
}
