import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router";

import { Layout } from "./components/Layout";
import { FeedItemPage } from "./features/feed/FeedItemPage";
import { FeedPage } from "./features/feed/FeedPage";
import { ListingPage } from "./features/listing/ListingPage";
import { MyOrdersPage } from "./features/orders/MyOrdersPage";
import { ProfilePage } from "./features/profile/ProfilePage";
import { NotFound } from "./components/NotFound";

// Rentals and installment plans are their own journeys: loaded when first visited
// (React.lazy), so a buyer's first load of the feed or a listing stays under 200 kB of
// gzipped JavaScript.
const RentalsPage = lazy(() => import("./features/rentals/RentalsPage").then((m) => ({ default: m.RentalsPage })));
const RentalListingPage = lazy(() =>
  import("./features/rentals/RentalListingPage").then((m) => ({ default: m.RentalListingPage })),
);
const MyRentalsPage = lazy(() => import("./features/rentals/MyRentalsPage").then((m) => ({ default: m.MyRentalsPage })));
// The seller workspace (shipping key, envelopes, listing forms, vouchers) is not a buyer's.
const SellerPage = lazy(() => import("./features/seller/SellerPage").then((m) => ({ default: m.SellerPage })));
const PlansPage = lazy(() => import("./features/plans/PlansPage").then((m) => ({ default: m.PlansPage })));
const PlanListingPage = lazy(() => import("./features/plans/PlanListingPage").then((m) => ({ default: m.PlanListingPage })));
const MyPlansPage = lazy(() => import("./features/plans/MyPlansPage").then((m) => ({ default: m.MyPlansPage })));

function Later({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="muted">Loading…</p>}>{children}</Suspense>;
}

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<FeedPage />} />
        <Route path="listings/:listingId" element={<ListingPage />} />
        <Route path="feed/:itemId" element={<FeedItemPage />} />
        <Route path="profiles/:address" element={<ProfilePage />} />
        <Route path="orders" element={<MyOrdersPage />} />
        <Route path="sell" element={<Later><SellerPage /></Later>} />
        <Route path="rentals" element={<Later><RentalsPage /></Later>} />
        <Route path="rentals/listings/:listingId" element={<Later><RentalListingPage /></Later>} />
        <Route path="rentals/mine" element={<Later><MyRentalsPage /></Later>} />
        <Route path="plans" element={<Later><PlansPage /></Later>} />
        <Route path="plans/listings/:listingId" element={<Later><PlanListingPage /></Later>} />
        <Route path="plans/mine" element={<Later><MyPlansPage /></Later>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
