import type { OrderEvent } from "../../lib/api";

const WORDS: Record<string, string> = {
  OrderPlaced: "Paid into escrow",
  Purchased: "Paid",
  OfferAccepted: "Offer accepted and paid",
  OrderShipped: "Shipped",
  OrderCompleted: "Completed: the seller was paid",
  OrderCancelled: "Cancelled and refunded",
  OrderRefunded: "Refunded",
  DisputeOpened: "Dispute opened",
  DisputeResolved: "Dispute resolved",
};

export function Timeline({ history }: { history: OrderEvent[] }) {
  return (
    <ol className="timeline" data-testid="timeline">
      {history.map((e) => (
        <li key={`${e.block_number}.${e.log_index}`}>
          <span>{WORDS[e.event] ?? e.event}</span>{" "}
          <time className="muted" dateTime={new Date(e.timestamp * 1000).toISOString()}>
            {new Date(e.timestamp * 1000).toLocaleString()}
          </time>
        </li>
      ))}
    </ol>
  );
}
