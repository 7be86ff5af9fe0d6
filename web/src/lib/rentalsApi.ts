// The API's rental and installment-plan routes (api/routes/rentals.py) and their shapes: the
// indexer's projection of RentalEscrow's and InstallmentPlans' events. Kept apart from api.ts
// so the journey's types live in one file; it uses the same fetch helpers and ApiError.
import { getJson, type ListingMetadata } from "./api";

export type RentalListing = {
  listing_id: number;
  lender: string;
  token: string;
  daily_rate: string;
  deposit: string;
  late_fee_per_day: string;
  min_days: number;
  max_days: number;
  grace_period: number;
  handover_window: number;
  inspection_window: number;
  fee_bps: number;
  metadata_hash: string;
  status: string;
  rental_count: number;
  created_at: number;
  /** What a booking of these terms must send as `termsHash` (RentalEscrow.rent). */
  terms_hash: string;
  metadata_document?: ListingMetadata | null;
};

export type HistoryStep = {
  event: string;
  status: string;
  actor: string | null;
  amount: string | null;
  tx_hash: string;
  timestamp: number;
};

export type Rental = {
  rental_id: string;
  listing_id: number;
  lender: string;
  renter: string;
  token: string;
  daily_rate: string;
  deposit: string;
  late_fee_per_day: string;
  fee_bps: number;
  rental_days: number;
  min_days: number;
  grace_period: number;
  handover_window: number;
  inspection_window: number;
  rent: string;
  status: string;
  paid_days: number;
  late_fee: string;
  claim: string;
  lender_amount: string;
  fee: string;
  rent_refund: string;
  cancel_refund: string;
  deposit_returned: string;
  damages: string;
  booked_at: number;
  started_at: number | null;
  ends_at: number | null;
  returned_at: number | null;
  claimed_at: number | null;
  disputed_at: number | null;
  closed_at: number | null;
};
export type RentalDetail = Rental & { history: HistoryStep[] };

export type PlanTermsFields = {
  token: string;
  price: string;
  down_payment_bps: number;
  installment_count: number;
  interval: number;
  financing_fee_bps: number;
  grace_period: number;
  late_fee_bps: number;
  forfeit_bps: number;
  mode: string;
};

export type PlanListing = PlanTermsFields & {
  listing_id: number;
  seller: string;
  stock: number;
  fee_bps: number;
  metadata_hash: string;
  status: string;
  plan_count: number;
  created_at: number;
  metadata_document?: ListingMetadata | null;
};

export type ScheduledInstallment = { index: number; due_at: number; amount: string; paid: boolean; late_fee_charged: boolean };

export type Plan = PlanTermsFields & {
  plan_id: string;
  listing_id: number | null;
  seller: string;
  buyer: string;
  fee_bps: number;
  down_payment: string;
  financing_fee: string;
  installment: string;
  last_installment: string;
  total: string;
  paid: string;
  paid_count: number;
  next_due_at: number | null;
  late_fees: string;
  late_mask: number;
  status: string;
  started_at: number;
  closed_at: number | null;
};
export type PlanPayment = { kind: string; by: string | null; amount: string; rebate: string | null; paid_count: number; tx_hash: string; timestamp: number };
export type PlanDetail = Plan & { schedule: ScheduledInstallment[]; installments: PlanPayment[]; history: HistoryStep[] };

type Page<T> = { data: T[]; count: number };

export const rentalsApi = {
  rentalListings: (params: { lender?: string; status?: string; limit?: number }) =>
    getJson<Page<RentalListing>>("/v1/rental-listings", params),
  rentalListing: (id: number | string) => getJson<RentalListing>(`/v1/rental-listings/${id}`),
  rentals: (params: { lender?: string; renter?: string; limit?: number }) => getJson<Page<Rental>>("/v1/rentals", params),
  rental: (id: string) => getJson<RentalDetail>(`/v1/rentals/${id}`),
  planListings: (params: { seller?: string; status?: string; limit?: number }) =>
    getJson<Page<PlanListing>>("/v1/plan-listings", params),
  planListing: (id: number | string) => getJson<PlanListing>(`/v1/plan-listings/${id}`),
  plans: (params: { seller?: string; buyer?: string; limit?: number }) => getJson<Page<Plan>>("/v1/plans", params),
  plan: (id: string) => getJson<PlanDetail>(`/v1/plans/${id}`),
};
