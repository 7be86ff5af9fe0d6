import type { SpecValue } from "../../lib/api";

const UNIT_WORDS: Record<string, string> = { B: "bytes", "%": "%" };

/** A spec value in its base unit, made readable: 1360 g → "1.36 kg", 128000000000 B → "128 GB". */
export function formatSpec(spec: SpecValue): string {
  const { value, unit } = spec;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (!unit) return String(value);
  const n = Number(value);
  if (unit === "g" && n >= 1000) return `${trim(n / 1000)} kg`;
  if (unit === "mm" && n >= 1000) return `${trim(n / 1000)} m`;
  if (unit === "ml" && n >= 1000) return `${trim(n / 1000)} l`;
  if (unit === "s" && n >= 3600) return `${trim(n / 3600)} h`;
  if (unit === "px" && n >= 1e6) return `${trim(n / 1e6)} MP`;
  if (unit === "B") {
    for (const [size, name] of [[1e12, "TB"], [1e9, "GB"], [1e6, "MB"], [1e3, "kB"]] as const) {
      if (n >= size) return `${trim(n / size)} ${name}`;
    }
  }
  if (["Hz", "W", "Wh", "mAh", "V"].includes(unit) && n >= 1000 && unit !== "mAh") return `${trim(n / 1000)} k${unit}`;
  return `${String(value)} ${UNIT_WORDS[unit] ?? unit}`;
}

const trim = (n: number) => String(Number(n.toFixed(3)));

export function SpecTable({ specs }: { specs: Record<string, SpecValue> }) {
  const names = Object.keys(specs).sort();
  if (!names.length) return null;
  return (
    <table className="specs" data-testid="specs">
      <tbody>
        {names.map((name) => (
          <tr key={name}>
            <th scope="row">{name.replace(/[-_]/g, " ")}</th>
            <td>{formatSpec(specs[name]!)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
