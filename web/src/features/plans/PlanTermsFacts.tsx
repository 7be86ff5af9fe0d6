import { Amount } from "../../components/Amount";
import { formatDuration } from "../../lib/format";
import type { PlanTermsFields } from "../../lib/rentalsApi";
import { splitTerms } from "../../lib/schedule";

const pct = (bps: number) => `${bps / 100} %`;

/** EMI terms and what they come to: down payment, each installment, the financed total. */
export function PlanTermsFacts({ terms }: { terms: PlanTermsFields }) {
  const split = splitTerms(terms);
  return (
    <dl className="facts" data-testid="plan-terms">
      <dt>Cash price</dt>
      <dd>
        <Amount value={terms.price} token={terms.token} />
      </dd>
      <dt>Down payment</dt>
      <dd>
        <Amount value={split.downPayment} token={terms.token} /> now ({pct(terms.down_payment_bps)})
      </dd>
      <dt>Installments</dt>
      <dd>
        {terms.installment_count} × <Amount value={split.installment} token={terms.token} />
        {split.lastInstallment !== split.installment && (
          <>
            {" "}
            (the last <Amount value={split.lastInstallment} token={terms.token} />)
          </>
        )}
        , every {formatDuration(terms.interval)}
      </dd>
      <dt>Financing fee</dt>
      <dd>
        <Amount value={split.financingFee} token={terms.token} /> ({pct(terms.financing_fee_bps)} of the financed part; rebated pro rata if you pay off early)
      </dd>
      <dt>Late fee</dt>
      <dd>
        {pct(terms.late_fee_bps)} of an installment not paid within a day of its due date; after {formatDuration(terms.grace_period)} unpaid the plan can be
        marked defaulted
      </dd>
      <dt>Delivery</dt>
      <dd>
        {terms.mode === "layaway"
          ? `Layaway: delivered after the last payment; you may leave early and forfeit ${pct(terms.forfeit_bps)} of what you paid`
          : "Pay later: delivered at the start"}
      </dd>
    </dl>
  );
}
