import { Amount } from "../../components/Amount";
import type { ScheduleRow } from "../../lib/schedule";

const LABEL: Record<ScheduleRow["state"], string> = { paid: "paid", upcoming: "upcoming", due: "due now", late: "late" };

/** A plan's installments with their due dates, what is still owed and the late fee each would add. */
export function ScheduleTable({ rows, token }: { rows: ScheduleRow[]; token: string }) {
  return (
    <div className="table-scroll">
      <table className="schedule" data-testid="schedule">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Due</th>
            <th scope="col">Amount</th>
            <th scope="col">State</th>
            <th scope="col">Late fee</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.index} data-testid="installment" data-state={r.state} className={`installment-${r.state}`}>
              <td>{r.index}</td>
              <td>{new Date(r.due_at * 1000).toLocaleDateString()}</td>
              <td>
                <Amount value={r.amount} token={token} />
                {r.state !== "paid" && r.owed !== BigInt(r.amount) && (
                  <span className="muted small">
                    {" "}
                    (<Amount value={r.owed} token={token} /> left)
                  </span>
                )}
              </td>
              <td>{LABEL[r.state]}</td>
              <td>{r.late_fee_charged ? "charged" : r.lateFee > 0n ? <Amount value={r.lateFee} token={token} /> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
