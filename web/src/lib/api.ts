// The /v1 API on the app's own origin, typed after its OpenAPI document (docs/api.md).
// Every read goes through TanStack Query (see the hooks in each feature); this module only
// knows URLs, shapes and how the API reports errors.

export type FeedItem = {
  id: number;
  seq: number;
  kind: string;
  contract: string;
  actor: string;
  subject_type: string;
  subject_id: string;
  seller: string | null;
  buyer: string | null;
  token: string | null;
  amount: string | null;
  quantity: number | null;
  block_number: number;
  log_index: number;
  tx_hash: string;
  timestamp: number;
  removed: boolean;
  cursor: string;
  final?: boolean;
};

export type FeedPage = {
  data: FeedItem[];
  count: number;
  next_cursor: string | null;
  prev_cursor: string | null;
  end: boolean;
};

export type SpecValue = { value: number | string | boolean; unit?: string | null };

export type ListingMetadata = {
  kind: "listing";
  version: number;
  title: string;
  description: string;
  category: string;
  condition: string;
  brand?: string | null;
  model?: string | null;
  images?: string[];
  specs?: Record<string, SpecValue>;
};

export type Listing = {
  listing_id: number;
  seller: string;
  token: string;
  price: string;
  stock: number;
  order_count: number;
  status: string;
  escrow: boolean;
  fee_bps: number;
  handling_time: number;
  auto_release_window: number;
  metadata_hash: string;
  created_at: number;
  metadata_document: ListingMetadata | null;
  likes: number;
  comments: number;
  /** Review credits a buyer may pay part of the price with (null: not accepted), up to credit_cap_bps. */
  accepted_credits?: string | null;
  credit_cap_bps?: number;
};

export type OrderEvent = {
  order_id: string;
  event: string;
  status: string;
  actor: string | null;
  amount: string | null;
  tx_hash: string;
  timestamp: number;
  block_number: number;
  log_index: number;
};

export type Order = {
  order_id: string;
  kind: string;
  listing_id: number | null;
  escrow: boolean;
  seller: string;
  buyer: string;
  token: string;
  amount: string;
  quantity: number;
  fee_bps: number;
  handling_time: number;
  auto_release_window: number;
  status: string;
  refunded: string;
  shipping_ref: string;
  tracking_hash: string | null;
  paid_at: number;
  shipped_at: number | null;
  disputed_at: number | null;
  closed_at: number | null;
  created_tx: string;
};

export type OrderDetail = Order & { history: OrderEvent[] };
export type OrdersPage = { data: Order[]; count: number; next_cursor: string | null };

export type Review = {
  id: number;
  source: string;
  deal_id: string;
  author: string;
  subject: string;
  side: string;
  kind: string;
  rating: number;
  quality: number;
  as_described: number;
  delivery: number;
  communication: number;
  text_hash: string;
  response_hash: string | null;
  posted_at: number;
};
export type ReviewsPage = { data: Review[]; count: number; next_cursor: string | null };

export type Reputation = {
  seller: string;
  score: number;
  inputs: { deals: number; disputes: number; reviews: number; rating_sum: number; refunds: number; cancellations: number };
};

export type ReviewEntry = {
  id: number;
  side: string;
  subject: string;
  author: string;
  kind: string;
  rating: number;
  text_hash: string;
  response_hash: string | null;
  posted_at: number;
};

export type Profile = {
  address: string;
  profile: { display_name: string | null; bio: string | null; avatar_url: string | null; public: boolean } | null;
  followers: number;
  seller: { listings: number; orders: number; deals: number; score: number } | null;
  reviews_received: ReviewEntry[];
};

export type TextDocument = { kind: "review" | "response"; version: number; title?: string; text: string };

/** The API refused or failed: `detail` is its sentence, `code` its stable name. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

async function failure(response: Response): Promise<ApiError> {
  let detail = `The API answered ${response.status}; try again in a moment.`;
  let code = "HttpError";
  try {
    const body = (await response.json()) as { detail?: unknown; code?: string };
    if (typeof body.detail === "string") detail = body.detail;
    if (typeof body.code === "string") code = body.code;
  } catch {
    // not JSON: keep the generic sentence
  }
  return new ApiError(response.status, code, detail);
}

export async function getJson<T>(path: string, params?: Record<string, string | string[] | number | undefined | null>): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(one));
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export async function getJsonAuthed<T>(path: string, token: string): Promise<T> {
  const response = await fetch(new URL(path, window.location.origin), {
    headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export async function sendJson<T>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(new URL(path, window.location.origin), init);
  if (!response.ok) throw await failure(response);
  // 204 No Content (unfollow, unlike...) has no body to parse.
  return (response.status === 204 ? null : await response.json()) as T;
}

export const api = {
  feed: (params: { before?: string; kind?: string[]; limit?: number }) => getJson<FeedPage>("/v1/feed", params),
  listing: (id: number | string) => getJson<Listing>(`/v1/listings/${id}`),
  order: (id: string) => getJson<OrderDetail>(`/v1/orders/${id}`),
  orders: (params: { buyer?: string; seller?: string; status?: string; before?: string; limit?: number }) =>
    getJson<OrdersPage>("/v1/orders", params),
  reviews: (params: { seller?: string; limit?: number }) => getJson<ReviewsPage>("/v1/reviews", params),
  reputation: (address: string) => getJson<Reputation>(`/v1/sellers/${address}/reputation`),
  profile: (address: string) => getJson<Profile>(`/v1/profiles/${address}`),
  document: <T>(hash: string) => getJson<T>(`/v1/documents/${hash}`),
  credits: (address: string) => getJson<Credits>(`/v1/credits/${address}`, { limit: 1 }),
  checkout: (listingId: number, quantity: number) => getJson<Checkout>(`/v1/listings/${listingId}/checkout`, { quantity }),
};

/** `GET /v1/credits/{address}`: review-credit balances per credits contract (moves left out). */
export type Credits = {
  balances: { credits: string; holder: string; balance: string; minted: string; spent: string; burned: string; token: string | null }[];
};

/** `GET /v1/listings/{id}/checkout`: the EIP-681 payment link and its QR code, for a phone wallet. */
export type Checkout = {
  listing_id: number;
  quantity: number;
  token: string;
  amount: string;
  payment_link: string;
  qr_svg: string;
  approval_link: string | null;
};

// --------------------------------------------------------------------------- social writes
// Everything below needs a session token from Sign-In with Ethereum (lib/siwe.ts).

export type StoredDocument = { hash: `0x${string}`; kind: string; size: number; created_at: number };
export type LikeState = { listing_id: number; liked: boolean; likes: number };
export type Answer = { id: number; body: string; author: string; created_at: number };
export type Comment = {
  id: number;
  listing_id: number;
  kind: "comment" | "question" | "answer";
  body: string;
  author: string;
  author_name: string | null;
  created_at: number;
  answer: Answer | null;
};
export type CommentsPage = { data: Comment[]; count: number; next_before: number | null };
export type ListingSummary = Omit<Listing, "metadata_document" | "likes" | "comments"> & { title: string | null; unsettled: string };
export type ListingsPage = { data: ListingSummary[]; count: number; next_before: number | null };
export type OwnProfile = {
  address: string;
  display_name: string | null;
  bio: string | null;
  avatar_url: string | null;
  public: boolean;
  updated_at: number;
};
export type ProfileChange = Partial<Pick<OwnProfile, "display_name" | "bio" | "avatar_url" | "public">>;
export type Follows = { data: { followee: string; created_at: number }[]; count: number };

export const reads = {
  feedItem: (id: number | string) => getJson<FeedItem>(`/v1/feed/items/${id}`),
  listings: (params: { seller?: string; status?: string; before?: number; limit?: number }) => getJson<ListingsPage>("/v1/listings", params),
  comments: (listingId: number | string) => getJson<CommentsPage>(`/v1/listings/${listingId}/comments`),
  reviewsOfDeal: (source: string, dealId: string) => getJson<ReviewsPage>("/v1/reviews", { source, deal_id: dealId }),
};

export const writes = {
  document: (document: unknown, token: string) => sendJson<StoredDocument>("POST", "/v1/documents", document, token),
  like: (listingId: number, liked: boolean, token: string) =>
    sendJson<LikeState>(liked ? "PUT" : "DELETE", `/v1/listings/${listingId}/like`, undefined, token),
  comment: (listingId: number, kind: "comment" | "question", body: string, token: string) =>
    sendJson<Comment>("POST", `/v1/listings/${listingId}/comments`, { kind, body }, token),
  answer: (commentId: number, body: string, token: string) => sendJson<Answer>("POST", `/v1/comments/${commentId}/answer`, { body }, token),
  follow: (address: string, token: string) => sendJson<unknown>("PUT", `/v1/follows/${address}`, undefined, token),
  unfollow: (address: string, token: string) => sendJson<null>("DELETE", `/v1/follows/${address}`, undefined, token),
  follows: (token: string) => getJsonAuthed<Follows>("/v1/follows?limit=100", token),
  myProfile: (token: string) => getJsonAuthed<OwnProfile>("/v1/profiles/me", token),
  saveProfile: (change: ProfileChange, token: string) => sendJson<OwnProfile>("PATCH", "/v1/profiles/me", change, token),
  showPurchase: (orderId: string, shown: boolean, token: string) =>
    sendJson<unknown>(shown ? "PUT" : "DELETE", `/v1/profiles/me/purchases/${orderId}`, undefined, token),
};
